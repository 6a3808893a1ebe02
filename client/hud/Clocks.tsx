import { useEffect, useRef } from 'react';
import type { Lang } from '../i18n/i18n';
import { fmtDate, fmtTime } from '../i18n/format';
import { useLang } from '../i18n/useLang';
import { formatOffset } from '../i18n/timeFormat';
import { liveStore } from '../state/liveStore';
import { twinNow, type ClockAnchor } from '../state/twinClock';
import { useUi } from '../state/uiStore';

const TICK_MS = 250;

/**
 * Twin time in Vietnam (UTC+7) and China (UTC+8) side by side. React renders the frame of it once per language;
 * the ticking digits are written straight into the DOM, so a running clock costs no React render.
 */
export function Clocks() {
  const { t, lang } = useLang();
  const zones = useUi((s) => s.site?.timezones) ?? { vn: 7, cn: 8 };
  const rate = useUi((s) => s.clock?.rate ?? 1);
  const mode = useUi((s) => s.hello?.mode ?? 'live');
  // While the picture is not live (frames stopped, or the connection down: the stale banner's condition) the clocks
  // stop at the last frame's time, in amber: running on, they told the room five metres away that all was live.
  const stopped = useUi((s) => s.conn !== 'connecting' && (s.stale || s.conn !== 'connected'));
  const refs = useRef<(HTMLElement | null)[]>([]);
  const rows = [
    { key: 'vn', label: t('clock.vn'), offset: zones.vn },
    { key: 'cn', label: t('clock.cn'), offset: zones.cn },
  ];
  useEffect(() => {
    const write = () => {
      const last = liveStore.getState().twinTime;
      writeClocks(refs.current, stopped && last > 0 ? last : useUi.getState().clock, lang, zones.vn, zones.cn);
    };
    write();
    const id = setInterval(write, TICK_MS);
    return () => clearInterval(id);
  }, [lang, zones.vn, zones.cn, stopped]);
  return (
    <div className={stopped ? 'clocks clocks-stopped' : 'clocks'} data-testid="clocks" data-stopped={stopped ? 'true' : undefined}>
      {rows.map((r, i) => (
        <div key={r.key} className="clock" data-clock={r.key}>
          <span className="clock-label">
            {r.label} <span className="clock-offset">{formatOffset(r.offset)}</span>
          </span>
          <span className="clock-time" ref={(el) => void (refs.current[i * 2] = el)}>
            --:--:--
          </span>
          <span className="clock-day" ref={(el) => void (refs.current[i * 2 + 1] = el)} />
        </div>
      ))}
      {mode === 'replay' && rate === 0 ? <span className="clock-rate">{t('clock.paused')}</span> : null}
      {rate !== 0 && rate !== 1 ? (
        <span className="clock-rate" title={t('clock.rate', { rate })}>
          ×{rate}
        </span>
      ) : null}
    </div>
  );
}

/** Writes both clocks' time and date (running from `clock`, or stopped at an instant), touching the DOM only where the text changed. */
function writeClocks(els: (HTMLElement | null)[], clock: ClockAnchor | number | null, lang: Lang, vn: number, cn: number): void {
  const twin = typeof clock === 'number' ? clock : clock ? twinNow(clock, Date.now()) : null;
  [vn, cn].forEach((offset, i) => {
    const time = twin === null ? '--:--:--' : fmtTime(lang, twin, offset);
    const day = twin === null ? '' : fmtDate(lang, twin, offset);
    const a = els[i * 2];
    const b = els[i * 2 + 1];
    if (a && a.textContent !== time) a.textContent = time;
    if (b && b.textContent !== day) b.textContent = day;
  });
}
