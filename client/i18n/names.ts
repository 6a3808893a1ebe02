import type { Localized } from '../../server/protocol/common';
import { LANGS, type Lang } from './i18n';

/** A place name in the chosen language. */
export const nameIn = (n: Localized, lang: Lang): string => n[lang];

/** The other two languages' names, for a hover title: "浦寨—新清（货运专用通道） · Tân Thanh – Pò Chài (freight road)". */
export const otherNames = (n: Localized, lang: Lang): string =>
  LANGS.filter((l) => l !== lang)
    .map((l) => n[l])
    .join(' · ');

/** The part of a name before its parenthesis, for tight places (tiles, buttons): the full name goes in the title. */
export function shortName(name: string): string {
  const cut = [name.indexOf('('), name.indexOf('（')].filter((k) => k > 0);
  return (cut.length ? name.slice(0, Math.min(...cut)) : name).trim();
}
