import { useRef } from 'react';
import type { StatusReason } from '../../server/protocol/viewer';
import { durationParts, fmtDuration, fmtNumber } from '../i18n/format';
import { siteTime } from '../i18n/siteTime';
import { otherNames, shortName } from '../i18n/names';
import { useLang } from '../i18n/useLang';
import { useUi } from '../state/uiStore';
import { ClosingLine } from './forecast/ClosingLine';
import { dayVerdict, kpiSummary } from './kpiSummary';
import { tileReasonText } from './tileReason';
import { useSteadyHeight } from './useSteadyHeight';

/** A duration as (figure, unit) pairs, "5 giờ" and "53 phút", each kept on one line when the tile wraps. */
function durationPairs(lang: Parameters<typeof durationParts>[0], minutes: number): [string, string][] {
  const out: [string, string][] = [];
  for (const p of durationParts(lang, minutes)) {
    if (p.figure) out.push([p.text, '']);
    else if (out.length > 0) out[out.length - 1]![1] = p.text.trim();
  }
  return out;
}

/**
 * The wall's big tiles: cleared today against the 2027 target, the queue and mean wait at each freight crossing,
 * the mean wait overall and the AGV trips. Rendered at most once a second (when `kpi` arrives).
 */
export function WallTiles() {
  const { t, lang } = useLang();
  const kpi = useUi((s) => s.kpi);
  const site = useUi((s) => s.site);
  const band = useRef<HTMLDivElement>(null);
  // The band holds its tallest height, so the scene below it keeps its size while lines wrap and unwrap.
  useSteadyHeight(band, `${lang}|${kpi && site ? 'tiles' : 'empty'}`);
  if (!kpi || !site) return <div ref={band} className="tiles tiles-empty">{t('kpi.waiting')}</div>;
  const sum = kpiSummary(kpi, site);
  const n = (v: number) => fmtNumber(lang, v);
  const share = sum.target2027 > 0 ? Math.min(1, sum.cleared / sum.target2027) : 0;
  const projected = sum.target2027 > 0 ? Math.min(1, sum.projected / sum.target2027) : 0;
  // The count, its bar and the word take the day's verdict colour: green only when the day is on track.
  const verdict = dayVerdict(kpi);
  const wait = durationPairs(lang, sum.waitMeanMin);
  return (
    <div ref={band} className="tiles" data-testid="tiles" data-occludes>
      <div className={`tile tile-cleared verdict-${verdict ?? 'none'}`} data-testid="tile-cleared" data-verdict={verdict ?? undefined}>
        <span className="tile-label">{t('kpi.clearedToday')}</span>
        <span className="tile-value">
          {n(sum.cleared)}
          {sum.target2027 > 0 ? <span className="tile-of"> / {n(sum.target2027)}</span> : null}
        </span>
        {sum.target2027 > 0 ? (
          <>
            <span className="tile-bar" aria-hidden>
              <i className="tile-bar-projected" style={{ width: `${projected * 100}%` }} />
              <i className="tile-bar-done" style={{ width: `${share * 100}%` }} />
            </span>
            <span className="tile-sub">{t('kpi.projected', { value: n(sum.projected) })}</span>
          </>
        ) : null}
        {verdict !== null && verdict !== 'too-early' ? (
          <span className="tile-sub tile-verdict" data-testid="tile-verdict">
            {t(`status.verdict.${verdict}`)}
          </span>
        ) : null}
      </div>
      {sum.rows.map((r) => {
        const c = site.crossings.find((x) => x.id === r.crossing)!;
        const level = t(`status.level.${r.status}`);
        const figure = (...kinds: StatusReason['kind'][]) => `figure-${kinds.map((k) => r.levels.get(k)).find((l) => l === 'critical') ?? kinds.map((k) => r.levels.get(k)).find(Boolean) ?? 'ok'}`;
        return (
          <div key={r.crossing} className={`tile tile-${r.status}`} data-crossing={r.crossing} data-status={r.status} title={otherNames(c.name, lang)}>
            <span className="tile-label">{shortName(c.name[lang])}</span>
            <span className="tile-value">
              <span className={figure('wait-mean', 'wait-p95', 'no-clearance')}>{n(r.queued)}</span> <span className="tile-unit">{t('status.waitingNow')}</span>
            </span>
            <span className="tile-status" data-testid="tile-status">
              {r.worst
                ? tileReasonText(r.worst, r.yard, { t, num: n, minutes: (v) => fmtDuration(lang, v) })
                : r.queued > 0
                  ? t('status.headline', { queued: n(r.queued), wait: fmtDuration(lang, r.waitMeanMin), level })
                  : t('status.calm', { queued: n(r.queued), level })}
            </span>
            <ClosingLine crossing={r.crossing} />
            {r.opensAt !== null ? (
              <span className="tile-sub tile-opens">{t('status.opensAt', { time: siteTime(lang, r.opensAt, site.timezones), in: fmtDuration(lang, (r.opensAt - kpi.ts) / 60_000) })}</span>
            ) : null}
            <span className="tile-sub">
              {r.yard && r.worst?.reason.kind !== 'yard-fill' ? (
                // The fuller yard (unless the reason line above already names it); which direction's it is goes in
                // the tooltip (the sub-line must not wrap on the wall).
                <span className={figure('yard-fill')} data-testid="tile-yard" title={t(`direction.${r.yard.direction}`)}>
                  {t('status.yard', { count: n(r.yard.count), capacity: n(r.yard.capacity) })}
                </span>
              ) : null}
              {r.perishableOver2h > 0 ? <span className="tile-bad"> · {t('crossing.perishable')}: {n(r.perishableOver2h)}</span> : null}
            </span>
          </div>
        );
      })}
      <div className="tile" data-testid="tile-wait" title={t('status.clearedTodayDef')}>
        <span className="tile-label">{t('kpi.waitMeanLong')}</span>
        {/* "5 giờ" over "53 phút", not "353 phút": hours are read at a glance from across the room. One pair a line: on
            one line the tile took the width the crossing tiles need for their names (cut to "Hữu Nghị – Hữu Nghị Q…"). */}
        <span className={`tile-value${wait.length > 1 ? ' tile-value-stack' : ''}`}>
          {wait.map(([figure, unit], i) => (
            <span key={i} className="tile-pair">
              {figure} <span className="tile-unit">{unit}</span>
            </span>
          ))}
        </span>
        <span className="tile-sub">{t('status.waitingNow')}</span>
      </div>
      <div className="tile" data-testid="tile-agv">
        <span className="tile-label">{t('kpi.agvTrips')}</span>
        <span className="tile-value">{n(kpi.agv.tripsToday)}</span>
        <span className="tile-sub">{t('kpi.agvActive', { active: n(kpi.agv.active), fleet: n(kpi.agv.fleet) })}</span>
      </div>
    </div>
  );
}
