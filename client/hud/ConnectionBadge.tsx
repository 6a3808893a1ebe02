import { useLang } from '../i18n/useLang';
import { useUi } from '../state/uiStore';

/** Connected / reconnecting / offline, and a stale warning when frames stop arriving. */
export function ConnectionBadge() {
  const { t } = useLang();
  const conn = useUi((s) => s.conn);
  const stale = useUi((s) => s.stale);
  const state = stale && conn === 'connected' ? 'stale' : conn;
  return (
    <div className={`conn conn-${state}`} data-conn={conn} role="status">
      <span className="conn-dot" />
      {t(`conn.${state}`)}
    </div>
  );
}
