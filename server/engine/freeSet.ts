import type { ResolvedConfig } from './config';
import { channelIndex } from './lanes';
import { policyOf } from './policy';
import type { EngineTruck } from './types';

/**
 * The trucks to plan this tick, as flat arrays indexed like the input, grouped by crossing and direction.
 * Filled in the same sweep that classifies trucks, so the sort and the placement never chase truck objects
 * (at 50,000 trucks, cache misses on those objects would dominate).
 */
export interface FreeSet {
  /** Sort key: queue time less the perishable head start. */
  key: Float64Array;
  queued: Float64Array;
  ids: string[];
  /** 0 green, 1 yellow, 2 red. */
  channel: Uint8Array;
  /** The ordering rule each truck falls under, for its reason. */
  rule: string[];
  /** 1 for a perishable load. */
  perishable: Uint8Array;
  /** When the truck's quarantine sampling is done (0: none needed); it is not called before. */
  readyAt: Float64Array;
  /** Crossing → [export indices, import indices]. */
  groups: Map<string, [number[], number[]]>;
  /** Perishable head start, ms (0 under fifo-static). */
  head: number;
  channelHead: number[];
  fifo: boolean;
  now: number;
}

/** An empty set sized for `n` input trucks. */
export function freeSet(n: number, cfg: ResolvedConfig, now: number): FreeSet {
  const order = policyOf(cfg).headStarts(cfg);
  return {
    key: new Float64Array(n),
    queued: new Float64Array(n),
    ids: new Array<string>(n).fill(''),
    channel: new Uint8Array(n),
    rule: new Array<string>(n).fill(''),
    readyAt: new Float64Array(n),
    perishable: new Uint8Array(n),
    groups: new Map(),
    head: order?.perishableMs ?? 0,
    // Indexed like channelIndex: green, yellow, red.
    channelHead: order?.channelMs ?? [0, 0, 0],
    fifo: order === undefined,
    now,
  };
}

/**
 * Adds truck `i`. Its key is the queue time less a head start for perishable loads; the head start is bounded,
 * so an older truck beats any perishable that arrived more than `perishableHeadStartMin` after it: ageing,
 * nothing starves.
 */
export function addFree(set: FreeSet, i: number, t: EngineTruck, readyAt = 0): void {
  const q = t.queuedAt ?? set.now;
  set.queued[i] = q;
  set.key[i] = q - (t.perishable ? set.head : 0) - set.channelHead[channelIndex(t.channel)]!;
  set.ids[i] = t.id;
  set.channel[i] = channelIndex(t.channel);
  set.rule[i] = set.fifo ? 'fifo' : t.perishable ? 'perishable-priority' : set.now - q > set.head ? 'ageing' : 'fifo';
  set.readyAt[i] = readyAt;
  set.perishable[i] = t.perishable ? 1 : 0;
  if (readyAt > set.now) set.rule[i] = 'awaiting-sampling';
  let g = set.groups.get(t.crossing);
  if (!g) set.groups.set(t.crossing, (g = [[], []]));
  g[t.direction === 'export' ? 0 : 1].push(i);
}
