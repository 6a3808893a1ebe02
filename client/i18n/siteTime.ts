import type { Lang } from './i18n';
import { fmtTime } from './format';
import { formatOffset } from './timeFormat';

/** The site's two zones (hours from UTC): Vietnam, where the site's times are kept, and China across the border. */
export interface SiteZones {
  vn: number;
  cn: number;
}

const HOUR_MS = 3_600_000;
// The Chinese interface names the two clocks by place, as the border's people do: Vietnam's and Beijing's.
const ZH_PLACES = { vn: '越南', cn: '北京' } as const;

/**
 * Every time a screen shows goes through here, so none is without its zone: "14:05 (UTC+7)" in Vietnamese and
 * English; in Chinese both clocks, "14:05 越南 / 15:05 北京".
 */
export function siteTime(lang: Lang, ms: number, zones: SiteZones, seconds = false): string {
  if (lang === 'zh') return `${fmtTime(lang, ms, zones.vn, seconds)} ${ZH_PLACES.vn} / ${fmtTime(lang, ms, zones.cn, seconds)} ${ZH_PLACES.cn}`;
  return `${fmtTime(lang, ms, zones.vn, seconds)} (${formatOffset(zones.vn)})`;
}

/** A span of site times, the zone said once: "07:00–19:00 (UTC+7)", "07:00–19:00 越南 / 08:00–20:00 北京". */
export function siteSpan(lang: Lang, from: number, to: number, zones: SiteZones): string {
  const span = (z: number) => `${fmtTime(lang, from, z, false)}–${fmtTime(lang, to, z, false)}`;
  if (lang === 'zh') return `${span(zones.vn)} ${ZH_PLACES.vn} / ${span(zones.cn)} ${ZH_PLACES.cn}`;
  return `${span(zones.vn)} (${formatOffset(zones.vn)})`;
}

/** An instant for a site-local clock reading "HH:MM" (the site's hours are kept so); NaN when it is not one. */
export function siteClockMs(hhmm: string, zones: SiteZones): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m) return NaN;
  return Date.UTC(2000, 0, 1, Number(m[1]), Number(m[2])) - zones.vn * HOUR_MS;
}

/** A site-local clock reading ("19:00", as opening hours are written) with its zone; unchanged when not one. */
export function siteClock(lang: Lang, hhmm: string, zones: SiteZones): string {
  const ms = siteClockMs(hhmm, zones);
  return Number.isNaN(ms) ? hhmm : siteTime(lang, ms, zones);
}

/** Site-local opening hours ("07:00", "19:00") as a span with its zone; as written when they are not clock readings. */
export function siteHours(lang: Lang, open: string, close: string, zones: SiteZones): string {
  const a = siteClockMs(open, zones);
  const b = siteClockMs(close, zones);
  return Number.isNaN(a) || Number.isNaN(b) ? `${open}–${close}` : siteSpan(lang, a, b, zones);
}

/** The zone of a time axis, said once beside it: "UTC+7"; in Chinese "越南 UTC+7 · 北京 UTC+8". */
export function zoneCaption(lang: Lang, zones: SiteZones): string {
  if (lang === 'zh') return `${ZH_PLACES.vn} ${formatOffset(zones.vn)} · ${ZH_PLACES.cn} ${formatOffset(zones.cn)}`;
  return formatOffset(zones.vn);
}

/** A site time without its zone, for a figure right beside one that says it ("14:05 (UTC+7) (13:50–14:20)"). */
export const siteTimeBare = (lang: Lang, ms: number, zones: SiteZones, seconds = false): string => fmtTime(lang, ms, zones.vn, seconds);
