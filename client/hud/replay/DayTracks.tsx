import { otherNames, shortName } from '../../i18n/names';
import { fmtNumber } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { useUi } from '../../state/uiStore';
import type { CrossingTrack } from './historyTracks';
import { xAtTime, type TimelineSpan } from './timelineMath';

const STATUS_FILL = { watch: 'rgba(255, 176, 32, 0.5)', critical: 'rgba(255, 69, 58, 0.62)' } as const;

/**
 * The day's history as tracks under the density strip, one per freight crossing: its status in colour bands (amber
 * watch, red critical) and its queue as an area scaled to the day's peak. Drawn once per history fetch.
 */
export function DayTracks({ tracks, span }: { tracks: readonly CrossingTrack[]; span: TimelineSpan }) {
  const { t, lang } = useLang();
  const site = useUi((s) => s.site);
  const w = Math.max(1, span.width);
  return (
    <div className="day-tracks" data-testid="day-tracks" aria-label={t('dayTracks.title')}>
      {tracks.map((tr) => {
        const c = site?.crossings.find((x) => x.id === tr.crossing);
        const name = c ? shortName(c.name[lang]) : tr.crossing;
        const inSpan = tr.points.filter((p) => p.t >= span.first - 300_000 && p.t <= span.last);
        const y = (q: number) => (tr.peak > 0 ? 100 - (q / tr.peak) * 92 : 100);
        const area = inSpan.length > 0 ? `M${xAtTime(inSpan[0]!.t, span).toFixed(1)},100 ${inSpan.map((p) => `L${xAtTime(p.t, span).toFixed(1)},${y(p.queue).toFixed(1)}`).join(' ')} L${xAtTime(inSpan.at(-1)!.t, span).toFixed(1)},100 Z` : '';
        return (
          <div key={tr.crossing} className="day-track" data-testid="day-track" data-crossing={tr.crossing} data-points={inSpan.length} data-bands={tr.bands.length} title={`${t('dayTracks.track', { crossing: name, peak: fmtNumber(lang, tr.peak) })}${c ? ` · ${otherNames(c.name, lang)}` : ''}`}>
            <svg width={w} height="100%" preserveAspectRatio="none" viewBox={`0 0 ${w} 100`} aria-hidden>
              {tr.bands.map((b) => {
                const x0 = xAtTime(b.from, span);
                const x1 = xAtTime(b.to, span);
                return x1 > x0 ? <rect key={b.from} className={`track-band band-${b.status}`} x={x0} width={x1 - x0} y={0} height={100} fill={STATUS_FILL[b.status]} /> : null;
              })}
              {area ? <path className="track-queue" d={area} /> : null}
            </svg>
            <span className="day-track-label">
              {name} <span className="muted">{fmtNumber(lang, tr.peak)}</span>
            </span>
          </div>
        );
      })}
    </div>
  );
}
