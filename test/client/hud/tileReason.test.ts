import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CrossingKpi, StatusReason } from '../../../server/protocol/viewer';
import { en } from '../../../client/i18n/en';
import { zh } from '../../../client/i18n/zh';
import { fullestYard, tileReasonText, worstReason } from '../../../client/hud/tileReason';
import { fmtDuration, fmtNumber } from '../../../client/i18n/format';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ lng: 'en', resources: { en: { translation: en }, zh: { translation: zh } }, interpolation: { escapeValue: false } });
});

const buildCrossingKpi = (p: Partial<CrossingKpi>): CrossingKpi => ({
  crossing: 'huu-nghi-freight', direction: 'export', clearedToday: 0, clearedLastHour: 0, queue: 0,
  waitMeanMin: 0, waitP95Min: 0, waitMaxMin: 0, perishableOver2h: 0, laneUtilisation: 0,
  waitNowMeanMin: 0, waitNowP95Min: 0, waitClearedMeanMin: 0, waitClearedP95Min: 0, yardCount: 0, yardCapacity: 0, status: 'ok', reasons: [], open: true, ...p,
});
const reason = (kind: StatusReason['kind'], level: StatusReason['level'], value: number, threshold: number): StatusReason => ({ kind, level, value, threshold });
const words = (lang: 'en' | 'zh') => ({ t: i18n.getFixedT(lang), num: (v: number) => fmtNumber(lang, v), minutes: (v: number) => fmtDuration(lang, v) });

describe('the reason a wall tile names', () => {
  it.each([
    {
      name: 'a critical yard fill over a watch-level mean wait',
      ks: [buildCrossingKpi({ direction: 'export', queue: 243, yardCount: 243, yardCapacity: 250, reasons: [reason('wait-mean', 'watch', 50, 45), reason('yard-fill', 'critical', 0.972, 0.95)] })],
      kind: 'yard-fill', en: 'yard 243 / 250 (Export): Critical', zh: '场站 243 / 250（出口）：严重',
    },
    {
      name: 'the critical one when both directions are in trouble, whichever comes first',
      ks: [
        buildCrossingKpi({ direction: 'export', queue: 40, yardCount: 40, yardCapacity: 250, reasons: [reason('wait-mean', 'watch', 60, 45)] }),
        buildCrossingKpi({ direction: 'import', queue: 180, yardCount: 180, yardCapacity: 300, reasons: [reason('wait-mean', 'critical', 69, 90)] }),
      ],
      kind: 'wait-mean', en: '180 waiting (Import), mean 1 hr 9 mins: Critical', zh: '180辆等待（进口），平均1小时9分钟：严重',
    },
    {
      name: 'among equals, the one farthest past its threshold (p95 at twice its threshold over a mean just over)',
      ks: [buildCrossingKpi({ direction: 'export', queue: 90, reasons: [reason('wait-mean', 'critical', 95, 90), reason('wait-p95', 'critical', 190, 90)] })],
      kind: 'wait-p95', en: '90 waiting (Export), p95 3 hrs 10 mins: Critical', zh: null,
    },
    {
      name: 'nothing cleared for a while',
      ks: [buildCrossingKpi({ direction: 'import', queue: 12, reasons: [reason('no-clearance', 'watch', 25, 20)] })],
      kind: 'no-clearance', en: 'nothing cleared for 25 mins (Import): Watch', zh: null,
    },
    {
      name: 'a critical yard before a critical mean wait even when the wait is farther past its threshold',
      ks: [buildCrossingKpi({ direction: 'export', queue: 1203, yardCount: 1203, yardCapacity: 400, reasons: [reason('wait-mean', 'critical', 149, 45), reason('yard-fill', 'critical', 3.008, 0.95)] })],
      kind: 'yard-fill', en: 'yard 1,203 / 400 (Export): Critical', zh: null,
    },
    {
      name: 'perishables about to spoil before everything else at their level',
      ks: [buildCrossingKpi({ direction: 'import', queue: 40, reasons: [reason('yard-fill', 'watch', 0.85, 0.8), reason('perishable', 'watch', 95, 90)] })],
      kind: 'perishable', en: 'perishable waited 1 hr 35 mins (Import): Watch', zh: null,
    },
  ])('$name', ({ ks, kind, en: enText, zh: zhText }) => {
    const w = worstReason(ks)!;
    expect(w.reason.kind).toBe(kind);
    expect(tileReasonText(w, fullestYard(ks), words('en'))).toBe(enText);
    if (zhText) expect(tileReasonText(w, fullestYard(ks), words('zh'))).toBe(zhText);
  });

  it('names none when every direction is ok', () => {
    expect(worstReason([buildCrossingKpi({ queue: 30 }), buildCrossingKpi({ direction: 'import', queue: 10 })])).toBeNull();
  });
});

describe("the tile's yard is the yard-fill alert's figure", () => {
  it('shows the fuller yard of one direction (not both added up), as its alert counts it', () => {
    const ks = [
      buildCrossingKpi({ direction: 'export', yardCount: 243, yardCapacity: 250 }),
      buildCrossingKpi({ direction: 'import', yardCount: 20, yardCapacity: 300 }),
    ];
    expect(fullestYard(ks)).toEqual({ direction: 'export', count: 243, capacity: 250 });
  });
  it('has none where the crossing has no yard', () => {
    expect(fullestYard([buildCrossingKpi({ yardCapacity: 0 })])).toBeNull();
  });
});
