import type { TFunction } from 'i18next';
import type { Reason } from '../../server/protocol/viewer';
import type { Lang } from '../i18n/i18n';
import { fmtDuration, fmtNumber } from '../i18n/format';

/** Costs at or above this are the engine's "no capacity" cap (it caps Infinity so JSON can carry it). */
const NO_CAPACITY = 1e9;
/** Rules whose candidate costs are metres (AGV to pickup or charger); the others are seconds. */
const METRE_RULES: ReadonlySet<string> = new Set(['nearest-able-agv', 'charge-low-battery', 'charge-before-job']);
/** Rules whose costs are the seconds until the truck would enter each lane. */
const ENTRY_RULES: ReadonlySet<string> = new Set(['fifo', 'perishable-priority', 'ageing', 'called']);

/** One weighed option in words: the option, its cost in the rule's unit, and the engine's note. */
export interface CandidateWords {
  option: string;
  cost: string;
  note: string;
}

/** The engine's reason in the chosen language: the rule as a sentence, the cheapest options first. */
export function reasonWords(r: Reason, t: TFunction, lang: Lang, max = 5): { rule: string; candidates: CandidateWords[] } {
  const cost = (c: number): string => {
    if (c >= NO_CAPACITY) return t('reason.noCapacity');
    if (METRE_RULES.has(r.rule)) return t('reason.distance', { value: fmtNumber(lang, c) });
    const time = c < 60 ? t('reason.seconds', { value: fmtNumber(lang, c) }) : fmtDuration(lang, c / 60);
    return ENTRY_RULES.has(r.rule) ? t('reason.entryIn', { time }) : time;
  };
  const option = (o: string) => (o === 'export' || o === 'import' ? t(`direction.${o}`) : o);
  const candidates = [...r.candidates]
    .sort((a, b) => a.cost - b.cost || (a.option < b.option ? -1 : 1))
    .slice(0, max)
    .map((c) => ({ option: option(c.option), cost: cost(c.cost), note: c.note ? t(`reason.${c.note}`, { defaultValue: c.note }) : '' }));
  return { rule: t(`rule.${r.rule}`, { defaultValue: r.rule }), candidates };
}
