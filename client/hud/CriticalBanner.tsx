import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Alert } from '../../server/protocol/viewer';
import { useLang } from '../i18n/useLang';
import { useUi } from '../state/uiStore';
import { alertWords, byUrgency } from './alertText';

/**
 * How long the banner shouts a new critical alert over the scene (wall-clock ms). After that the alert strip and
 * the crossing's red tile carry it, and the 3D view is clear again: in congestion critical alerts stay active for
 * hours, and a banner that never goes away hides the very yard it is about.
 */
export const SHOUT_MS = 60_000;

/** The critical alert to shout: the most urgent one whose minute has not run out yet. */
export function shouting(critical: readonly Alert[], shouted: ReadonlySet<string>): Alert | undefined {
  return critical.find((a) => !shouted.has(a.id));
}

/**
 * Tells the cameras how much of the scene `el` (the banner, or null when none is shown) covers from the top, and
 * keeps telling them as it changes size (another alert, another language); returns the cleanup, which clears it.
 * Measured by a ResizeObserver, after the browser's layout, so no frame forces one.
 */
function publishCover(el: HTMLElement | null): (() => void) | undefined {
  const stage = el?.parentElement;
  if (!el || !stage) {
    useUi.setState({ coverTop: 0 });
    return undefined;
  }
  const measure = () => {
    const s = stage.getBoundingClientRect();
    const cover = s.height > 0 ? Math.min(1, Math.max(0, (el.getBoundingClientRect().bottom - s.top) / s.height)) : 0;
    // Hundredths: a pixel's change in the banner's height should not re-frame the camera.
    const coverTop = Math.round(cover * 100) / 100;
    if (useUi.getState().coverTop !== coverTop) useUi.setState({ coverTop });
  };
  const observer = new ResizeObserver(measure);
  observer.observe(el);
  observer.observe(stage);
  return () => {
    observer.disconnect();
    useUi.setState({ coverTop: 0 });
  };
}

/** A new critical alert, large over the scene with its detail for a minute: the wall shouts for a human. */
export function CriticalBanner() {
  const { t, lang } = useLang();
  const alerts = useUi((s) => s.alerts);
  const site = useUi((s) => s.site);
  const kpi = useUi((s) => s.kpi);
  const [shouted, setShouted] = useState<ReadonlySet<string>>(() => new Set());
  // The most trucks behind it first (`byUrgency`), so a minute's shout goes to what matters most at the border.
  const critical = byUrgency(alerts.filter((a) => a.severity === 'critical' && a.clearedAt === undefined), kpi);
  const a = shouting(critical, shouted);
  const id = a?.id;
  // Its minute starts when it is first shown; then the next one not yet shouted (if any) takes the banner.
  useEffect(() => {
    if (id === undefined) return;
    const timer = setTimeout(() => setShouted((s) => new Set(s).add(id)), SHOUT_MS);
    return () => clearTimeout(timer);
  }, [id]);
  const banner = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => publishCover(banner.current), [id]);
  // The wall's camera shows the crossing the banner talks about (tour.ts), not another alert's.
  const crossing = a?.crossing ?? null;
  useEffect(() => {
    useUi.setState({ shout: id === undefined ? null : { alert: id, crossing } });
    return () => useUi.setState({ shout: null });
  }, [id, crossing]);
  if (!a) return null;
  const w = alertWords(a, t, lang, site, kpi);
  return (
    <div className="critical-banner" role="alert" data-testid="critical-banner" data-occludes ref={banner}>
      <b>
        {t('severity.critical')} · {w.kind}
        {w.where ? ` · ${w.where}` : ''}
      </b>
      <span className="critical-detail">
        {w.detail}
        {critical.length > 1 ? <span className="critical-more"> · {t('alerts.more', { count: critical.length - 1 })}</span> : null}
      </span>
    </div>
  );
}
