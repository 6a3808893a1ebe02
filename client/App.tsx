import { useLang } from './i18n/useLang';
import { Compare } from './modes/Compare';
import { Exec } from './modes/Exec';
import { Replay } from './modes/Replay';
import { Wall } from './modes/Wall';
import { pageToken } from './net/token';
import { useUi } from './state/uiStore';

/** The screen for a path: `/wall` for the control room, `/replay` for recorded days, anything else the executive view. */
export type Route = 'exec' | 'wall' | 'replay' | 'compare';

/** Route of a URL path (the server's SPA fallback sends `/`, `/wall` and `/replay` here). */
export const routeOf = (path: string): Route =>
  /^\/wall\/?$/.test(path) ? 'wall' : /^\/replay\/?$/.test(path) ? 'replay' : /^\/compare\/?$/.test(path) ? 'compare' : 'exec';

/** Picks the screen; until the site arrives, shows why nothing is drawn yet. */
export function App({ route, hasToken }: { route: Route; hasToken: boolean }) {
  const { t } = useLang();
  const site = useUi((s) => s.site);
  const conn = useUi((s) => s.conn);
  const connError = useUi((s) => s.connError);
  const token = pageToken();
  if (route === 'replay' && hasToken && token) return <Replay token={token} />;
  if (!hasToken || !site) {
    const msg = !hasToken ? t('conn.noToken') : connError ? `${t('conn.refused')} (${connError})` : t(`conn.${conn}`);
    return (
      <div className={`app splash ${route}`}>
        <div className="splash-title">{t('app.title')}</div>
        <div className="splash-msg" role="status">
          {msg}
        </div>
      </div>
    );
  }
  if (route === 'compare' && token) return <Compare site={site} token={token} />;
  return route === 'wall' ? <Wall site={site} /> : <Exec site={site} />;
}
