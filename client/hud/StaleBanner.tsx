import { siteTime } from '../i18n/siteTime';
import { useLang } from '../i18n/useLang';
import { liveStore } from '../state/liveStore';
import { useUi } from '../state/uiStore';

const DEFAULT_ZONES = { vn: 7, cn: 8 };

/** A wide banner when the picture is not live: frames stopped, or the connection is down (with the last data time). */
export function StaleBanner() {
  const { t, lang } = useLang();
  const stale = useUi((s) => s.stale);
  const conn = useUi((s) => s.conn);
  const zones = useUi((s) => s.site?.timezones) ?? DEFAULT_ZONES;
  if ((!stale && conn === 'connected') || conn === 'connecting') return null;
  const last = liveStore.getState().twinTime;
  return (
    <div className="stale-banner" role="alert" data-testid="stale-banner" data-occludes>
      <div className="stale-title">{t('conn.stale')}</div>
      <div className="stale-sub">
        {conn === 'connected' ? null : `${t(`conn.${conn}`)} · `}
        {last > 0 ? t('conn.lastFrame', { time: siteTime(lang, last, zones, true) }) : null}
      </div>
    </div>
  );
}
