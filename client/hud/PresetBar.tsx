import { useLang } from '../i18n/useLang';
import { OVERVIEW } from '../scene/camera/cameraPresets';
import { flyTo, useUi } from '../state/uiStore';
import { otherNames, shortName } from '../i18n/names';

/** Camera presets: the overview and each crossing (names in the chosen language, others on hover). */
export function PresetBar() {
  const { t, lang } = useLang();
  const site = useUi((s) => s.site);
  const current = useUi((s) => s.camera.preset);
  if (!site) return null;
  return (
    <nav className="presets" data-occludes>
      <button type="button" className={current === OVERVIEW ? 'on' : ''} onClick={() => flyTo(OVERVIEW)}>
        {t('app.overview')}
      </button>
      {site.crossings.map((c) => (
        <button key={c.id} type="button" className={current === c.id ? 'on' : ''} title={otherNames(c.name, lang)} onClick={() => flyTo(c.id)}>
          {shortName(c.name[lang])}
          <small> · {c.kind === 'freight' ? t('scene.lanes', { count: c.lanes.length }) : t(`crossingKind.${c.kind}`)}</small>
        </button>
      ))}
    </nav>
  );
}
