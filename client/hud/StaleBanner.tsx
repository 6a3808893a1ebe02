import { fmtTime } from '../i18n/format';
import { useLang } from '../i18n/useLang';
import { liveStore } from '../state/liveStore';
import { useUi } from '../state/uiStore';

/** A wide banner when the picture is not live: frames stopped, or the connection is down (with the last data time). */
export function StaleBanner() {
  const { t, lang } = useLang();
  const stale = useUi((s) => s.stale);
  const conn = useUi((s) => s.conn);
  const offset = useUi((s) => s.site?.timezones.vn ?? 7);
  if ((!stale && conn === 'connected') || conn === 'connecting') return null;
  const last = liveStore.getState().twinTime;
  return (
    <div className="stale-banner" role="alert" data-testid="stale-banner" data-occludes>
      <div className="stale-title">{t('conn.stale')}</div>
      <div className="stale-sub">
        {conn === 'connected' ? null : `${t(`conn.${conn}`)} · `}
        {last > 0 ? t('conn.lastFrame', { time: fmtTime(lang, last, offset) }) : null}
      </div>
    </div>
  );
}
