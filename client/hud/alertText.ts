import type { TFunction } from 'i18next';
import type { Site } from '../../server/protocol/site';
import { liveParams, trucksBehind } from '../../server/protocol/alertNow';
import type { Alert, Kpi } from '../../server/protocol/viewer';
import type { Lang } from '../i18n/i18n';
import { fmtDuration, fmtNumber, fmtPercent } from '../i18n/format';
import { otherNames, shortName } from '../i18n/names';
import { siteHours } from '../i18n/siteTime';

export { liveParams, trucksBehind };

/**
 * An alert in words: its kind, the localized detail from its params, where (with the other names on hover), what it
 * is about when that is one thing (a lane, a vehicle, a sensor, an AGV corridor by its name) and, for the alerts the
 * engine raises per direction, which one ('' when there is none).
 */
export interface AlertWords {
  kind: string;
  detail: string;
  where: string;
  whereTitle: string;
  subject: string;
  direction: string;
}

/**
 * Puts an alert into the chosen language: numbers and durations per locale, ids of places as their names. Given the
 * KPIs, an active alert's figures are today's (`liveParams`), so its words agree with the tiles and cards around it.
 */
export function alertWords(a: Alert, t: TFunction, lang: Lang, site: Site | null, kpi?: Kpi | null): AlertWords {
  const p = liveParams(a, kpi);
  const num = (v: unknown) => (typeof v === 'number' ? fmtNumber(lang, v, 1) : String(v ?? ''));
  const minutes = (v: unknown) => (typeof v === 'number' ? fmtDuration(lang, v) : String(v ?? ''));
  const direction = typeof p.direction === 'string' ? t(`direction.${p.direction}`, { defaultValue: p.direction }) : '';
  const corridor = typeof p.corridor === 'string' ? site?.corridors.find((c) => c.id === p.corridor) : undefined;
  // eslint-disable-next-line no-restricted-syntax -- keys are the template's parameter names, never ids; i18next reads a plain object
  const params: Record<string, string> = {
    ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, num(v)])),
    direction,
    limit: minutes(p.limitMin),
    max: minutes(p.maxWaitMin),
    waitD: minutes(p.waitMin),
    thresholdD: minutes(p.thresholdMin),
    minutesD: minutes(p.minutes),
    battery: typeof p.battery === 'number' ? fmtPercent(lang, p.battery / 100) /* the engine sends whole percent */ : '',
    corridor: corridor ? corridor.name[lang] : String(p.corridor ?? ''),
    subject: a.subject ?? '',
    hours: siteHours(lang, String(p.open ?? ''), String(p.close ?? ''), site?.timezones ?? { vn: 7, cn: 8 }),
    lane: String(p.lane ?? a.subject ?? ''),
    id: String(p.id ?? a.subject ?? ''),
    message: String(p.message ?? ''),
    what: typeof p.entity === 'string' ? t(`entityKind.${p.entity}`, { defaultValue: p.entity }) : '',
  };
  const crossing = a.crossing ? site?.crossings.find((c) => c.id === a.crossing) : undefined;
  return {
    kind: t(`alertKind.${kindKey(a, p)}`),
    detail: t(`alertText.${a.kind}`, params),
    where: crossing ? shortName(crossing.name[lang]) : (a.crossing ?? ''),
    whereTitle: crossing ? `${crossing.name[lang]} · ${otherNames(crossing.name, lang)}` : '',
    subject: a.subject === undefined ? '' : corridor && a.subject === corridor.id ? corridor.name[lang] : a.subject,
    direction,
  };
}

/**
 * The alert kind's words for these params: a yard alert is raised while the yard is filling up and stays active as it
 * overflows, so once its (live) count reaches the capacity it says so ("Yard over capacity" over "Yard 2,550 / 600",
 * not "Yard filling up").
 */
function kindKey(a: Alert, p: Alert['params']): string {
  if (a.kind !== 'yard-fill' || typeof p.count !== 'number' || typeof p.capacity !== 'number' || p.capacity <= 0) return a.kind;
  return p.count > p.capacity ? 'yard-over' : p.count === p.capacity ? 'yard-full' : a.kind;
}

/**
 * An alert in one short line, for the wall's alert strip: kind, place, what and direction. The engine raises most
 * queue and wait alerts per direction and lane alerts per lane, so a crossing often has two of a kind; without them
 * the strip showed identical chips ("Long mean wait · Tân Thanh – Pò Chài" twice, "Lane closed · Hữu Nghị" twice).
 */
export const alertLine = (w: AlertWords): string => [w.kind, w.where, w.subject, w.direction].filter((x) => x !== '').join(' · ');

const RANK = { critical: 0, warning: 1, info: 2 } as const;

/** Active alerts first, most severe first, newest first. */
export const bySeverity = (a: Alert, b: Alert): number =>
  Number(a.clearedAt !== undefined) - Number(b.clearedAt !== undefined) || RANK[a.severity] - RANK[b.severity] || b.raisedAt - a.raisedAt;

/**
 * Alerts in the order a person should read them: active first, most severe first, then the one with the most trucks
 * waiting behind it now (`trucksBehind`), then newest. Newest first alone put the small alert ahead of the big one:
 * in the December 2021 jam the wall's banner led with "49 waiting (Import), p95 1 hr 32 mins" at Tân Thanh, raised a
 * minute before, while 2,553 export trucks filled a yard built for 600, and the strip's four chips were all waits.
 */
export function byUrgency(alerts: readonly Alert[], kpi: Kpi | null | undefined): Alert[] {
  // By order of magnitude (doublings), so two alerts with 49 and 51 trucks behind them do not trade places with
  // every truck that arrives or clears (the strip and the list would reorder every second); 50 against 2,500 is the
  // difference that matters.
  const behind = new Map(alerts.map((a) => [a, Math.floor(Math.log2(1 + trucksBehind(a, kpi)))]));
  return [...alerts].sort(
    (a, b) =>
      Number(a.clearedAt !== undefined) - Number(b.clearedAt !== undefined) || RANK[a.severity] - RANK[b.severity] || behind.get(b)! - behind.get(a)! || b.raisedAt - a.raisedAt,
  );
}
