import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { Alert } from '../../../server/protocol/viewer';
import { shortName } from '../../i18n/names';
import { siteTime, siteTimeBare, zoneCaption, type SiteZones } from '../../i18n/siteTime';
import { useLang } from '../../i18n/useLang';
import { twinNow } from '../../state/twinClock';
import { useUi } from '../../state/uiStore';
import type { CrossingTrack } from './historyTracks';
import { DayTracks } from './DayTracks';
import { densityColumns, hourTicks, timeAtX, xAtTime } from './timelineMath';

/** Props: the recording's span, its activity per bucket and history tracks (if known), the alert marks, and what to do on a seek or a mark. */
export interface TimelineProps {
  first: number;
  last: number;
  counts: readonly number[] | null;
  tracks: readonly CrossingTrack[] | null;
  alerts: readonly { ts: number; alert: Alert }[];
  zones: SiteZones;
  onSeek: (t: number) => void;
  onAlert: (ts: number, alert: Alert) => void;
}

const COLUMN_PX = 3;
const PLAYHEAD_TICK_MS = 200;
/** Half the width of an hour label ("07:00" at 11 px). */
const HOUR_LABEL_HALF_PX = 18;

/**
 * The day as a strip: alert marks (click one to go there), activity density with hour ticks, then the day's
 * history as one track per crossing, and the playhead with its time. Click or drag to seek (the seek is sent when
 * the pointer is released); the time under the pointer follows it. The playhead moves without React renders.
 */
export function Timeline({ first, last, counts, tracks, alerts, zones, onSeek, onAlert }: TimelineProps) {
  const { t, lang } = useLang();
  const site = useUi((s) => s.site);
  const track = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLDivElement>(null);
  const headTime = useRef<HTMLSpanElement>(null);
  const [width, setWidth] = useState(0);
  const [drag, setDrag] = useState<number | null>(null);
  const [hover, setHover] = useState<number | null>(null);
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
      const now = Math.min(last, Math.max(first, twinNow(clock, Date.now())));
      head.current.style.transform = `translateX(${xAtTime(now, { first, last, width }).toFixed(1)}px)`;
      const text = siteTime(lang, now, zones, true);
      if (headTime.current && headTime.current.textContent !== text) headTime.current.textContent = text;
    }, PLAYHEAD_TICK_MS);
    return () => clearInterval(id);
  }, [first, last, width, drag, lang, zones]);
  const span = { first, last, width };
  const xOf = (e: PointerEvent<HTMLDivElement>) => e.clientX - (track.current?.getBoundingClientRect().left ?? 0);
  const cols = counts ? densityColumns(counts, Math.max(1, Math.floor(width / COLUMN_PX))) : null;
  const position = drag ?? useUi.getState().replay?.position ?? first;
  const pointer = drag ?? hover;
  const where = (a: Alert) => {
    const c = a.crossing ? site?.crossings.find((x) => x.id === a.crossing) : undefined;
    return c ? shortName(c.name[lang]) : (a.crossing ?? a.subject ?? '');
  };
  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-marks" data-testid="timeline-marks">
        {alerts.map(({ ts, alert }) => (
          <button
            type="button"
            key={`${alert.id}@${ts}`}
            className={`timeline-alert sev-${alert.severity}`}
            data-testid="timeline-alert"
            data-ts={ts}
            style={{ left: xAtTime(ts, span) }}
            title={t('dayTracks.alertMark', { time: siteTime(lang, ts, zones), kind: t(`alertKind.${alert.kind}`), where: where(alert) })}
            aria-label={t('dayTracks.alertMark', { time: siteTime(lang, ts, zones), kind: t(`alertKind.${alert.kind}`), where: where(alert) })}
            onClick={() => onAlert(ts, alert)}
          />
        ))}
        <span className="timeline-zone muted small">{zoneCaption(lang, zones)}</span>
      </div>
      <div
        className="timeline-track"
        ref={track}
        role="slider"
        aria-label={t('replay.timeline')}
        aria-valuemin={first}
        aria-valuemax={last}
        aria-valuenow={position}
        aria-valuetext={siteTime(lang, position, zones, true)}
        title={t('replay.timeline')}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          pressed.current = true;
          setDrag(timeAtX(xOf(e), span));
        }}
        onPointerMove={(e) => {
          if (pressed.current) setDrag(timeAtX(xOf(e), span));
          else if (e.pointerType === 'mouse') setHover(timeAtX(xOf(e), span));
        }}
        onPointerLeave={() => setHover(null)}
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
        <div className="timeline-strip">
          <svg className="timeline-density" width={width} height="100%" preserveAspectRatio="none" viewBox={`0 0 ${Math.max(1, width)} 100`} aria-hidden>
            {cols ? Array.from(cols, (v, i) => (v > 0 ? <rect key={i} x={i * COLUMN_PX} width={COLUMN_PX - 0.5} y={100 - v * 100} height={v * 100} /> : null)) : null}
          </svg>
          {hourTicks(first, last, zones.vn).map((h) => {
            const x = xAtTime(h, span);
            // A label centred on a tick at the very edge would be cut in half: the tick stays, its label goes.
            const fits = x >= HOUR_LABEL_HALF_PX && x <= width - HOUR_LABEL_HALF_PX;
            return (
              <span key={h} className={`timeline-hour${fits ? '' : ' unlabelled'}`} data-testid="timeline-hour" style={{ left: x }}>
                {fits ? siteTimeBare(lang, h, zones) : ''}
              </span>
            );
          })}
        </div>
        {tracks ? <DayTracks tracks={tracks} span={span} /> : null}
        <div className="timeline-head" ref={head}>
          <span className="timeline-head-time" data-testid="timeline-playhead-time" ref={headTime} title={t('dayTracks.playhead')} />
        </div>
        {pointer !== null ? (
          <div className="timeline-preview" data-testid="timeline-pointer-time" title={t('dayTracks.hover')} style={{ left: xAtTime(pointer, span) }}>
            {siteTime(lang, pointer, zones, true)}
          </div>
        ) : null}
      </div>
      {counts ? null : <div className="muted small timeline-note">{t('replay.noActivity')}</div>}
    </div>
  );
}
