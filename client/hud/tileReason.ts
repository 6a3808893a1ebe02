import type { TFunction } from 'i18next';
import type { Direction } from '../../server/protocol/common';
import type { CrossingKpi, StatusLevel, StatusReason } from '../../server/protocol/viewer';

/** The reason a crossing's tile names: the engine's reason and the direction whose figures it is about. */
export interface TileReason {
  reason: StatusReason;
  direction: Direction;
  /** That direction's trucks waiting now. */
  queue: number;
}

/** One yard's fill, as the engine judges it and the yard-fill alert says it: trucks waiting in that direction / the yard's capacity. */
export interface YardFill {
  direction: Direction;
  count: number;
  capacity: number;
}

const RANK: { [L in StatusLevel]: number } = { ok: 0, watch: 1, critical: 2 };
// At the same level, what is named first: perishables about to spoil, then a yard that has overflowed onto the
// road, then a crossing that clears nothing, then long waits (their figures are on the tile's other lines anyway).
const KIND_RANK: { [K in StatusReason['kind']]: number } = { perishable: 4, 'yard-fill': 3, 'no-clearance': 2, 'wait-mean': 1, 'wait-p95': 1 };
// How far past its threshold a reason is (a p95 at twice its threshold before a mean just over it).
const overBy = (r: StatusReason): number => (r.threshold > 0 ? r.value / r.threshold : r.value > 0 ? Infinity : 0);
// Positive when `a` is worse than `b`.
const compare = (a: StatusReason, b: StatusReason): number => RANK[a.level] - RANK[b.level] || KIND_RANK[a.kind] - KIND_RANK[b.kind] || overBy(a) - overBy(b);

/**
 * The worst reason over both directions of a crossing: the highest level first, then the more urgent kind (a
 * critical yard at 243 / 250 is named before a critical mean wait), then the one farthest past its threshold.
 * Null when all is ok.
 */
export function worstReason(ks: readonly CrossingKpi[]): TileReason | null {
  let best: TileReason | null = null;
  for (const k of ks) {
    for (const reason of k.reasons) {
      if (!best || compare(reason, best.reason) > 0) {
        best = { reason, direction: k.direction, queue: k.queue };
      }
    }
  }
  return best;
}

/** The fuller of a crossing's yards (the figure its yard-fill alert would carry); null when it has no yard. */
export function fullestYard(ks: readonly CrossingKpi[]): YardFill | null {
  let best: YardFill | null = null;
  for (const k of ks) {
    if (k.yardCapacity <= 0) continue;
    if (!best || k.yardCount / k.yardCapacity > best.count / best.capacity) best = { direction: k.direction, count: k.yardCount, capacity: k.yardCapacity };
  }
  return best;
}

/** What `tileReasonText` needs of the interface: the translator and the number and duration formats. */
export interface ReasonFormat {
  t: TFunction;
  num: (v: number) => string;
  minutes: (v: number) => string;
}

/** The tile's reason line in words: "yard 243 / 250 (Export): Critical", "180 waiting (Import), mean 69 min: Critical". */
export function tileReasonText(w: TileReason, yard: YardFill | null, f: ReasonFormat): string {
  const { reason: r } = w;
  const base = { direction: f.t(`direction.${w.direction}`), level: f.t(`status.level.${r.level}`) };
  switch (r.kind) {
    case 'wait-mean':
    case 'wait-p95':
      return f.t(`tileReason.${r.kind}`, { ...base, queue: f.num(w.queue), value: f.minutes(r.value) });
    case 'perishable':
    case 'no-clearance':
      return f.t(`tileReason.${r.kind}`, { ...base, value: f.minutes(r.value) });
    case 'yard-fill': {
      // The count behind the share, from the same direction's yard (what the yard-fill alert says).
      const y = yard && yard.direction === w.direction ? yard : { count: w.queue, capacity: r.value > 0 ? Math.round(w.queue / r.value) : 0 };
      return f.t('tileReason.yard-fill', { ...base, count: f.num(y.count), capacity: f.num(y.capacity) });
    }
  }
}
