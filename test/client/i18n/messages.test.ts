import { describe, expect, it } from 'vitest';
import { LANGS, MESSAGES } from '../../../client/i18n/i18n';

/** Every leaf key of a message tree, dotted. */
const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v !== null && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
const leaves = (o: object): [string, unknown][] =>
  Object.entries(o).flatMap(([k, v]) => (v !== null && typeof v === 'object' ? leaves(v as object).map(([kk, vv]) => [`${k}.${kk}`, vv] as [string, unknown]) : [[k, v] as [string, unknown]]));

describe('i18n', () => {
  const reference = keys(MESSAGES.vi).sort();
  it.each(LANGS)('%s has exactly the keys of vi', (lang) => {
    expect(keys(MESSAGES[lang]).sort()).toEqual(reference);
  });
  it.each(LANGS)('%s has no empty message and keeps every {{placeholder}}', (lang) => {
    const vi = Object.fromEntries(leaves(MESSAGES.vi));
    for (const [k, v] of leaves(MESSAGES[lang])) {
      expect(typeof v === 'string' && v.length > 0, k).toBe(true);
      const ph = (s: unknown) => String(s).match(/{{\w+}}/g)?.sort() ?? [];
      expect(ph(v), k).toEqual(ph(vi[k]));
    }
  });
  it('covers every cargo, AGV state, truck phase and alert kind of the protocol', async () => {
    const { CARGO_CODES, AGV_STATE_CODES, TRUCK_PHASES } = await import('../../../server/protocol/frameCodec');
    const { AlertKindSchema } = await import('../../../server/protocol/viewer');
    for (const c of CARGO_CODES) expect(MESSAGES.vi.cargo).toHaveProperty([c]);
    for (const s of AGV_STATE_CODES) expect(MESSAGES.vi.agvState).toHaveProperty([s]);
    for (const p of TRUCK_PHASES) expect(MESSAGES.vi.phase).toHaveProperty([p]);
    for (const k of AlertKindSchema.options) expect(MESSAGES.vi.alertKind).toHaveProperty([k]);
  });
});

describe('i18n content', () => {
  const flat = (lang: (typeof LANGS)[number]) => leaves(MESSAGES[lang]) as [string, string][];
  const CJK = /[\u3400-\u9fff]/;
  const LETTERS = /[A-Za-zÀ-ỹ]{3,}/;
  it('every alert kind has a detail template', async () => {
    const { AlertKindSchema } = await import('../../../server/protocol/viewer');
    for (const k of AlertKindSchema.options) expect(MESSAGES.vi.alertText).toHaveProperty([k]);
  });
  it('every rule the engine gives as a reason reads as a sentence', () => {
    // The rules of server/engine (assign/freeSet, agvDispatch, directions, diversions).
    const rules = ['fifo', 'perishable-priority', 'ageing', 'called', 'nearest-able-agv', 'charge-low-battery', 'charge-before-job', 'demand-balance', 'hysteresis-hold', 'draining', 'balance-drain-time'];
    for (const r of rules) expect(MESSAGES.vi.rule).toHaveProperty([r]);
  });
  it('Chinese messages are in Chinese (not left in Vietnamese or English)', () => {
    const words = flat('zh').filter(([k, v]) => !k.startsWith('lang.') && LETTERS.test(v.replace(/{{\w+}}/g, '').replace(/AGV|FIFO|p95|ID/g, '')));
    expect(words.filter(([, v]) => !CJK.test(v))).toEqual([]);
  });
  it('Vietnamese and English messages hold no CJK outside the language names', () => {
    for (const lang of ['vi', 'en'] as const) expect(flat(lang).filter(([k, v]) => !k.startsWith('lang.') && CJK.test(v))).toEqual([]);
  });
  it('Lạng Sơn is 谅山 in Chinese, not 凉山 (a different place)', () => {
    expect(flat('zh').filter(([, v]) => v.includes('凉山'))).toEqual([]);
    expect(MESSAGES.zh.app.title).toContain('谅山');
  });
});
