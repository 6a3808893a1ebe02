import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { Alert } from '../../../server/protocol/viewer';
import { fmtTime } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { twinNow } from '../../state/twinClock';
import { useUi } from '../../state/uiStore';
import { densityColumns, hourTicks, timeAtX, xAtTime } from './timelineMath';

/** Props: the recording's span, its activity per bucket (if known), the alert marks, and what to do on a seek. */
export interface TimelineProps {
  first: number;
  last: number;
  counts: readonly number[] | null;
  alerts: readonly { ts: number; alert: Alert }[];
  offsetHours: number;
  onSeek: (t: number) => void;
}

const COLUMN_PX = 3;
const PLAYHEAD_TICK_MS = 200;

/**
 * The day as a strip: activity density, alert marks, hour ticks and the playhead. Click or drag to seek (the
 * seek is sent when the pointer is released). The playhead moves without React renders.
 */
export function Timeline({ first, last, counts, alerts, offsetHours, onSeek }: TimelineProps) {
  const { t, lang } = useLang();
  const track = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [drag, setDrag] = useState<number | null>(null);
  // Whether a press is under way, read by the pointer handlers: a quick click's pointerup can arrive before
  // React has rendered the pointerdown's state, so the handlers must not rely on `drag` from their render.
  const pressed = useRef(false);
  useEffect(() => {
    const el = track.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const id = setInterval(() => {
      const clock = useUi.getState().clock;
      if (!head.current || !clock || drag !== null) return;
      head.current.style.transform = `translateX(${xAtTime(twinNow(clock, Date.now()), { first, last, width }).toFixed(1)}px)`;
    }, PLAYHEAD_TICK_MS);
    return () => clearInterval(id);
  }, [first, last, width, drag]);
  const span = { first, last, width };
  const xOf = (e: PointerEvent<HTMLDivElement>) => e.clientX - (track.current?.getBoundingClientRect().left ?? 0);
  const cols = counts ? densityColumns(counts, Math.max(1, Math.floor(width / COLUMN_PX))) : null;
  return (
    <div className="timeline" data-testid="timeline">
      <div
        className="timeline-track"
        ref={track}
        role="slider"
        aria-label={t('replay.timeline')}
        aria-valuemin={first}
        aria-valuemax={last}
        aria-valuenow={drag ?? useUi.getState().replay?.position ?? first}
        aria-valuetext={fmtTime(lang, drag ?? useUi.getState().replay?.position ?? first, offsetHours)}
        title={t('replay.timeline')}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          pressed.current = true;
          setDrag(timeAtX(xOf(e), span));
        }}
        onPointerMove={(e) => {
          if (pressed.current) setDrag(timeAtX(xOf(e), span));
        }}
        onPointerUp={(e) => {
          if (!pressed.current) return;
          pressed.current = false;
          setDrag(null);
          onSeek(timeAtX(xOf(e), span));
        }}
        onPointerCancel={() => {
          pressed.current = false;
          setDrag(null);
        }}
      >
        <svg className="timeline-density" width={width} height="100%" preserveAspectRatio="none" viewBox={`0 0 ${Math.max(1, width)} 100`} aria-hidden>
          {cols ? Array.from(cols, (v, i) => (v > 0 ? <rect key={i} x={i * COLUMN_PX} width={COLUMN_PX - 0.5} y={100 - v * 100} height={v * 100} /> : null)) : null}
        </svg>
        {hourTicks(first, last, offsetHours).map((h) => (
          <span key={h} className="timeline-hour" style={{ left: xAtTime(h, span) }}>
            {fmtTime(lang, h, offsetHours, false)}
          </span>
        ))}
        {alerts.map(({ ts, alert }) => (
          <i key={`${alert.id}@${ts}`} className={`timeline-alert sev-${alert.severity}`} style={{ left: xAtTime(ts, span) }} title={`${fmtTime(lang, ts, offsetHours)} ${t(`alertKind.${alert.kind}`)}`} />
        ))}
        <div className="timeline-head" ref={head} />
        {drag !== null ? (
          <div className="timeline-preview" style={{ left: xAtTime(drag, span) }}>
            {fmtTime(lang, drag, offsetHours)}
          </div>
        ) : null}
      </div>
      {counts ? null : <div className="muted small timeline-note">{t('replay.noActivity')}</div>}
    </div>
  );
}
