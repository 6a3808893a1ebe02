import type { Lang } from './i18n';

/** The BCP 47 locale each interface language formats numbers and dates with. */
export const LOCALES: Record<Lang, string> = { vi: 'vi-VN', zh: 'zh-CN', en: 'en-GB' };

const HOUR_MS = 3_600_000;
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function memo<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** A cached number format for a language (formatters are costly to build and are used at 1 Hz). */
export function numberFormat(lang: Lang, digits = 0): Intl.NumberFormat {
  return memo(`n:${lang}:${digits}`, () => new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
}

/** A number in the language's convention (1.234 in Vietnamese, 1,234 in Chinese and English). */
export const fmtNumber = (lang: Lang, v: number, digits = 0): string => numberFormat(lang, digits).format(v);

/** A percentage (0–1 → "42 %" / "42%"), in the language's convention. */
export const fmtPercent = (lang: Lang, v: number): string =>
  memo(`p:${lang}`, () => new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 0 })).format(v);

// The border's zones are fixed offsets (+7, +8): shift the instant and format it as UTC, which works for any
// offset, needs no time-zone database and never applies a daylight-saving rule that the site does not have.
const shifted = (ms: number, offsetHours: number): Date => new Date(ms + offsetHours * HOUR_MS);

/** `08:05:09` (24-hour) of an instant at a fixed UTC offset, in the language's convention. */
export function fmtTime(lang: Lang, ms: number, offsetHours: number, seconds = true): string {
  const f = memo(`t:${lang}:${seconds}`, () =>
    new Intl.DateTimeFormat(LOCALES[lang], { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23', timeZone: 'UTC' }),
  );
  return f.format(shifted(ms, offsetHours));
}

/** The date of an instant at a fixed UTC offset: "23 thg 11, 2026", "2026年11月23日", "23 Nov 2026". */
export function fmtDate(lang: Lang, ms: number, offsetHours: number): string {
  const f = memo(`d:${lang}`, () => new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: 'UTC' }));
  return f.format(shifted(ms, offsetHours));
}

/** A site-local day name `YYYY-MM-DD` as a date in the language ("2026-11-23" → "23 thg 11, 2026"). */
export function fmtDayName(lang: Lang, day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  return fmtDate(lang, Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])), 0);
}

const unitFormat = (lang: Lang, u: 'hour' | 'minute'): Intl.NumberFormat =>
  memo(`u:${lang}:${u}`, () => new Intl.NumberFormat(LOCALES[lang], { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 0 }));

/** A duration in minutes as "45 phút", "2 giờ 5 phút", "2小时5分钟", "2 hr 5 min". */
export function fmtDuration(lang: Lang, minutes: number): string {
  return durationParts(lang, minutes)
    .map((p) => p.text)
    .join('');
}

/**
 * `fmtDuration`'s words split into figures and units ("5", " giờ ", "53", " phút"), so a tile can draw the figures
 * large and the units small.
 */
export function durationParts(lang: Lang, minutes: number): { text: string; figure: boolean }[] {
  const m = Math.max(0, Math.round(Number.isFinite(minutes) ? minutes : 0));
  const parts = (u: 'hour' | 'minute', v: number) => unitFormat(lang, u).formatToParts(v).map((p) => ({ text: p.value, figure: p.type === 'integer' || p.type === 'group' }));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  const out = m < 60 ? parts('minute', m) : rest === 0 ? parts('hour', h) : [...parts('hour', h), ...(lang === 'zh' ? [] : [{ text: ' ', figure: false }]), ...parts('minute', rest)];
  // Neighbouring parts of one kind as one (a figure with its group separators, a unit with its spaces).
  return out.reduce<{ text: string; figure: boolean }[]>((acc, p) => {
    const last = acc.at(-1);
    if (last && last.figure === p.figure) last.text += p.text;
    else acc.push({ ...p });
    return acc;
  }, []);
}

/** Epoch ms of local midnight (at `offsetHours`) that starts the site-local day `YYYY-MM-DD`. */
export function dayStartMs(day: string, offsetHours: number): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - offsetHours * HOUR_MS;
}

/** The site-local day `YYYY-MM-DD` an instant falls in. */
export function dayOf(ms: number, offsetHours: number): string {
  return shifted(ms, offsetHours).toISOString().slice(0, 10);
}
