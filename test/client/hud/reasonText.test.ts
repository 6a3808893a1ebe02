import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../client/i18n/en';
import { vi } from '../../../client/i18n/vi';
import { reasonWords } from '../../../client/hud/reasonText';

const t = i18next.createInstance();
beforeAll(async () => {
  await t.init({ lng: 'en', resources: { en: { translation: en }, vi: { translation: vi } }, interpolation: { escapeValue: false } });
});

describe("the scheduler's reason in words", () => {
  it('a truck assignment: the rule as a sentence, lanes by time to entry, cheapest first', () => {
    const w = reasonWords({ rule: 'perishable-priority', candidates: [{ option: 'HN-6', cost: 8332.1 }, { option: 'HN-5', cost: 45 }, { option: 'HN-3', cost: 1e9 }] }, t.t, 'en');
    expect(w.rule).toBe('Perishable load goes first');
    expect(w.candidates).toEqual([
      { option: 'HN-5', cost: 'in lane in 45 s', note: '' },
      { option: 'HN-6', cost: 'in lane in 2 hrs 19 mins', note: '' },
      { option: 'HN-3', cost: 'no capacity left', note: '' },
    ]);
  });
  it('an AGV mission: distances in metres and the engine’s notes', () => {
    const w = reasonWords({ rule: 'nearest-able-agv', candidates: [{ option: 'HN-AGV-2', cost: 1200, note: 'battery' }, { option: 'HN-AGV-1', cost: 350, note: 'chosen' }] }, t.t, 'en');
    expect(w.candidates[0]).toEqual({ option: 'HN-AGV-1', cost: '350 m away', note: 'chosen' });
    expect(w.candidates[1]!.note).toBe('battery too low');
  });
  it('a reversible lane: directions translated', async () => {
    await t.changeLanguage('vi');
    const w = reasonWords({ rule: 'demand-balance', candidates: [{ option: 'export', cost: 600 }, { option: 'import', cost: 900 }] }, t.t, 'vi');
    expect(w.rule).toBe('Cân bằng nhu cầu hai chiều');
    expect(w.candidates.map((c) => c.option)).toEqual(['Xuất khẩu', 'Nhập khẩu']);
    expect(w.candidates[0]!.cost).toBe('10 phút');
    await t.changeLanguage('en');
  });
  it('an unknown rule is shown as the engine names it', () => {
    expect(reasonWords({ rule: 'new-rule', candidates: [] }, t.t, 'en').rule).toBe('new-rule');
  });
  it('shows at most five options', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ option: `L${i}`, cost: i * 10 }));
    expect(reasonWords({ rule: 'fifo', candidates: many }, t.t, 'en').candidates).toHaveLength(5);
  });
});
