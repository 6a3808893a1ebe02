import { describe, expect, it } from 'vitest';
import { adviceId, pickAdvice } from '../../../server/forecast/advice';
import type { Advice, AdviceAction } from '../../../server/protocol';

function scored(action: AdviceAction, saved: number): Advice {
  return { id: adviceId(action), action, applicable: action.kind === 'lane', fewerWaitingAtClose: 0, savedTruckHours: saved, perishableP95H: { before: 3, after: 2 }, reason: { rule: 'r', seeds: 4, candidates: 9 } };
}

const hours = (close: string, saved: number) => scored({ kind: 'hours', crossing: 'tan-thanh-freight', close }, saved);
const lever = (saved: number) => scored({ kind: 'lever', lever: 'twoWayPilot', on: true }, saved);
const centre = (saved: number) => scored({ kind: 'lever', lever: 'inspectionCentre', on: true }, saved);
const open = (lane: string, saved: number) => scored({ kind: 'lane', set: { lane, open: true } }, saved);
const fix = (lane: string, saved: number) => scored({ kind: 'lane', set: { lane, direction: 'export' } }, saved);

const show = (list: Advice[]) => pickAdvice(list).map((a) => `${a.id}${a.pick ? ` (${a.pick})` : ''}`);

describe('the advice shown: the best three, and the best one an operator can apply', () => {
  it('adds the applicable action with the most saved hours after three that cannot be applied', () => {
    const list = [open('HN-2', 40), hours('22:00', 500), fix('HN-3', 90), lever(300), open('TT-1', 0), centre(200), open('HN-1', 60)];
    expect(show(list)).toEqual(['hours:tan-thanh-freight:22:00', 'lever:twoWayPilot:on', 'lever:inspectionCentre:on', 'lane:HN-3:export (best-applicable)']);
    // The extra one keeps its own figures: it is ranked fourth or lower, never promoted.
    const extra = pickAdvice(list)[3]!;
    expect(extra.savedTruckHours).toBe(90);
    expect(extra.applicable).toBe(true);
  });

  it.each([
    ['first', [open('HN-1', 600), hours('22:00', 500), lever(300), centre(200), fix('HN-3', 90)]],
    ['third', [hours('22:00', 500), lever(300), open('HN-1', 250), centre(200), fix('HN-3', 90)]],
  ])('adds nothing when an applicable action is already among the three (%s)', (_where, list) => {
    const shown = pickAdvice(list);
    expect(shown).toHaveLength(3);
    expect(shown.some((a) => a.pick)).toBe(false);
    expect(shown.map((a) => a.savedTruckHours)).toEqual([...list].map((a) => a.savedTruckHours).sort((a, b) => b - a).slice(0, 3));
  });

  it('adds nothing when no lane action saves anything', () => {
    const list = [hours('22:00', 500), lever(300), centre(200), open('HN-1', 0), fix('HN-3', -15), hours('23:00', 100)];
    expect(show(list)).toEqual(['hours:tan-thanh-freight:22:00', 'lever:twoWayPilot:on', 'lever:inspectionCentre:on']);
  });

  it('adds nothing when fewer than three save anything (an applicable one that saves would then be among them)', () => {
    expect(show([hours('22:00', 50), open('HN-1', 0)])).toEqual(['hours:tan-thanh-freight:22:00']);
    expect(show([hours('22:00', 50), open('HN-1', 5)])).toEqual(['hours:tan-thanh-freight:22:00', 'lane:HN-1:open']);
    expect(pickAdvice([])).toEqual([]);
  });
});
