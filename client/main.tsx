import './zodConfig';
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, routeOf } from './App';
import { benchCount, benchWaiting } from './bench/benchFlag';
import { initI18n, initialLang } from './i18n/i18n';
import { startReplay, startTwin } from './net/connection';
import { adoptPageToken } from './net/token';
import { installDebugHook } from './scene/debugHook';

const stored = (() => {
  try {
    return localStorage.getItem('gatetwin.lang');
  } catch {
    return null;
  }
})();
initI18n(initialLang(location.search, stored));
installDebugHook();
const route = routeOf(location.pathname);
const bench = benchCount(location.search);
// The token leaves the address bar before anything else runs (see net/token.ts).
const token = adoptPageToken();
// The connection lives outside React: StrictMode's double mount must not open two sockets.
if (bench > 0) {
  // Benchmark mode: no server; a synthetic stream of `bench` moving vehicles (loaded only in this mode).
  void import('./bench/benchFeed').then((m) => m.startBenchFeed(bench, benchWaiting(location.search)));
} else if (token) {
  if (route === 'replay') startReplay(token);
  else startTwin(token);
}
document.body.classList.add(`route-${route}`);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App route={route} hasToken={token !== null || bench > 0} />
  </StrictMode>,
);
