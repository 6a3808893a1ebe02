import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertLine, alertWords, byUrgency, liveParams, trucksBehind } from '../../../client/hud/alertText';
import { en } from '../../../client/i18n/en';
import { vi } from '../../../client/i18n/vi';
import { zh } from '../../../client/i18n/zh';
import type { Alert, CrossingKpi, Kpi } from '../../../server/protocol';

const t = i18next.createInstance();
beforeAll(async () => {
  await t.init({ lng: 'en', resources: { en: { translation: en }, vi: { translation: vi }, zh: { translation: zh } }, interpolation: { escapeValue: false } });
});

const quarantined: Alert = {
  id: 'entity-quarantined:agv:toString', kind: 'entity-quarantined', severity: 'warning', subject: 'toString',
  params: { entity: 'agv', id: 'toString', message: 'Cannot read properties of undefined' }, raisedAt: Date.UTC(2026, 5, 1),
};

describe('the entity-quarantined alert in words', () => {
  it.each([
    ['en', 'Left out of planning', 'AGV toString broke the scheduler and is planned around: Cannot read properties of undefined'],
    ['vi', 'Tạm loại khỏi điều phối', 'AGV toString làm lỗi bộ điều phối, đã được loại ra khi lập kế hoạch: Cannot read properties of undefined'],
    ['zh', '已暂时排除出调度', 'AGV toString 导致调度引擎出错，已排除后继续调度：Cannot read properties of undefined'],
  ] as const)('%s names the kind of entity and its id', async (lang, kind, detail) => {
    await t.changeLanguage(lang);
    expect(alertWords(quarantined, t.t, lang, null)).toMatchObject({ kind, detail });
  });

  it('a truck, a container and a sensor are named as such', async () => {
    await t.changeLanguage('vi');
    const words = (entity: string) => alertWords({ ...quarantined, params: { ...quarantined.params, entity } }, t.t, 'vi', null).detail;
    expect(words('truck')).toMatch(/^Xe tải toString/);
    expect(words('container')).toMatch(/^Container toString/);
    expect(words('sensor')).toMatch(/^Cảm biến toString/);
  });
});

describe("the wall strip's line of an alert", () => {
  const site = { crossings: [{ id: 'tan-thanh-freight', name: { vi: 'Tân Thanh – Pò Chài', zh: '新清 – 浦寨', en: 'Tân Thanh – Pò Chài' } }], corridors: [], timezones: { vn: 7, cn: 8 } } as unknown as Parameters<typeof alertWords>[3];
  const wait = (direction: string): Alert => ({
    id: `wait-mean:tan-thanh-freight:${direction}`, kind: 'wait-mean', severity: 'critical', crossing: 'tan-thanh-freight',
    params: { direction, waitMin: 46, thresholdMin: 45, queue: 51 }, raisedAt: Date.UTC(2026, 11, 6),
  });

  it.each([
    ['en', 'Import', 'Export'],
    ['vi', 'Nhập khẩu', 'Xuất khẩu'],
    ['zh', '进口', '出口'],
  ] as const)('%s: a crossing jammed both ways shows two different lines, each naming its direction', async (lang, imp, exp) => {
    await t.changeLanguage(lang);
    const [a, b] = [wait('import'), wait('export')].map((x) => alertLine(alertWords(x, t.t, lang, site)));
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(` · ${imp}$`));
    expect(b).toMatch(new RegExp(` · ${exp}$`));
    expect(a).toBe(`${t.t('alertKind.wait-mean')} · ${site!.crossings[0]!.name[lang]} · ${imp}`);
  });

  it('two closed lanes of one crossing show two lines, each naming its lane', async () => {
    await t.changeLanguage('en');
    const closed = (lane: string): Alert => ({ id: `lane-closed:${lane}`, kind: 'lane-closed', severity: 'warning', crossing: 'tan-thanh-freight', subject: lane, params: { lane }, raisedAt: 0 });
    expect(alertLine(alertWords(closed('TT-1'), t.t, 'en', site))).toBe(`${t.t('alertKind.lane-closed')} · Tân Thanh – Pò Chài · TT-1`);
    expect(alertLine(alertWords(closed('TT-2'), t.t, 'en', site))).toBe(`${t.t('alertKind.lane-closed')} · Tân Thanh – Pò Chài · TT-2`);
  });

  it('an AGV corridor is named, not given by its id', async () => {
    await t.changeLanguage('vi');
    const withCorridor = { ...site!, corridors: [{ id: 'tt-agv', name: { vi: 'Hành lang AGV Tân Thanh', zh: '新清AGV通道', en: 'Tân Thanh AGV corridor' } }] } as unknown as typeof site;
    const idle: Alert = { id: 'agv-idle:tt-agv', kind: 'agv-idle', severity: 'warning', crossing: 'tan-thanh-freight', subject: 'tt-agv', params: { corridor: 'tt-agv', idle: 3, containers: 5, minutes: 12 }, raisedAt: 0 };
    expect(alertLine(alertWords(idle, t.t, 'vi', withCorridor))).toBe(`${t.t('alertKind.agv-idle')} · Tân Thanh – Pò Chài · Hành lang AGV Tân Thanh`);
  });

  it('an alert without a direction or a place names its kind and its subject', async () => {
    await t.changeLanguage('en');
    expect(alertLine(alertWords(quarantined, t.t, 'en', null))).toBe('Left out of planning · toString');
  });
});

describe('an active alert shows its figure as it stands now', () => {
  const raisedAt = Date.UTC(2026, 11, 6, 23, 2);
  // The December 2021 jam: the yard alert went up at 737 / 600; half an hour later the yard held 2,550.
  const yard: Alert = {
    id: 'yard-fill:tan-thanh-freight:export', kind: 'yard-fill', severity: 'critical', crossing: 'tan-thanh-freight',
    params: { direction: 'export', count: 737, capacity: 600 }, raisedAt,
  };
  const flow = (over: Partial<CrossingKpi>): CrossingKpi => ({
    crossing: 'tan-thanh-freight', direction: 'export', clearedToday: 0, clearedLastHour: 0, queue: 2_601, waitMeanMin: 0, waitP95Min: 0,
    waitMaxMin: 0, perishableOver2h: 0, laneUtilisation: 0, waitNowMeanMin: 28.4, waitNowP95Min: 51.2, waitClearedMeanMin: 0,
    waitClearedP95Min: 0, yardCount: 2_550, yardCapacity: 600, status: 'critical',
    reasons: [{ kind: 'yard-fill', level: 'critical', value: 4.25, threshold: 0.95 }, { kind: 'wait-mean', level: 'watch', value: 28.4, threshold: 25 }],
    open: false, ...over,
  });
  const kpi = (ts: number, crossings: CrossingKpi[] = [flow({}), flow({ direction: 'import', queue: 12, yardCount: 12, yardCapacity: 300 })]): Kpi => ({
    ts, day: '2026-12-07', crossings, targets: [{ crossing: 'tan-thanh-freight', clearedToday: 0, capacityIndex: 0, target2027: [3000, 3500], projected: 410, verdict: 'too-early' }],
    agv: { fleet: 0, active: 0, charging: 0, fault: 0, tripsToday: 0, utilisation: 0 }, lanes: [], zones: [],
  });
  const now = raisedAt + 27 * 60_000;

  it.each([
    ['en', 'Yard 2,550 / 600 (Export)', 'Yard 737 / 600 (Export)'],
    ['vi', 'Bãi 2.550 / 600 (Xuất khẩu)', 'Bãi 737 / 600 (Xuất khẩu)'],
    ['zh', '场站 2,550 / 600（出口）', '场站 737 / 600（出口）'],
  ] as const)('%s: the banner and the alert list say what the yard holds now, as its tile does', async (lang, live, asRaised) => {
    await t.changeLanguage(lang);
    expect(alertWords(yard, t.t, lang, null, kpi(now)).detail).toBe(live);
    // Without the KPIs (or once cleared) the alert says what it was raised with.
    expect(alertWords(yard, t.t, lang, null).detail).toBe(asRaised);
    expect(alertWords({ ...yard, clearedAt: now }, t.t, lang, null, kpi(now)).detail).toBe(asRaised);
  });

  it.each([
    ['en', 'Yard over capacity', 'Yard full', 'Yard filling up'],
    ['vi', 'Bãi quá tải', 'Bãi đã đầy', 'Bãi sắp đầy'],
    ['zh', '场站超容', '场站已满', '场站将满'],
  ] as const)('%s: a yard alert says the yard is over capacity once its figure is, not that it is filling up', async (lang, over, full, filling) => {
    await t.changeLanguage(lang);
    expect(alertWords(yard, t.t, lang, null, kpi(now)).kind).toBe(over);
    expect(alertWords({ ...yard, params: { ...yard.params, count: 600 } }, t.t, lang, null).kind).toBe(full);
    expect(alertWords({ ...yard, params: { ...yard.params, count: 570 } }, t.t, lang, null).kind).toBe(filling);
  });

  it("takes its own direction's figures, and leaves alone what the KPIs do not carry", () => {
    const imp = { ...yard, id: 'yard-fill:tan-thanh-freight:import', params: { ...yard.params, direction: 'import' } };
    expect(liveParams(imp, kpi(now))).toMatchObject({ count: 12, capacity: 300 });
    // No flow of that crossing and direction, KPIs older than the alert (a replay seeking back), a lane alert: as raised.
    expect(liveParams(yard, kpi(now, []))).toBe(yard.params);
    expect(liveParams(yard, kpi(raisedAt - 1_000))).toBe(yard.params);
    const lane: Alert = { id: 'lane-closed:TT-1', kind: 'lane-closed', severity: 'warning', crossing: 'tan-thanh-freight', subject: 'TT-1', params: { lane: 'TT-1' }, raisedAt };
    expect(liveParams(lane, kpi(now))).toBe(lane.params);
  });

  it('waits and perishables take the status figure the engine raised them from; the queue, shortfall and after-hours alerts their totals', () => {
    const wait: Alert = { id: 'wait-mean:tan-thanh-freight:export', kind: 'wait-mean', severity: 'warning', crossing: 'tan-thanh-freight', params: { direction: 'export', waitMin: 26, thresholdMin: 25, queue: 900 }, raisedAt };
    expect(liveParams(wait, kpi(now))).toEqual({ direction: 'export', waitMin: 28, thresholdMin: 25, queue: 2_550 });
    const p95: Alert = { ...wait, id: 'wait-p95:tan-thanh-freight:export', kind: 'wait-p95' };
    expect(liveParams(p95, kpi(now))).toMatchObject({ waitMin: 51, queue: 2_550 });
    const queue: Alert = { id: 'queue-high:tan-thanh-freight:export', kind: 'queue-high', severity: 'critical', crossing: 'tan-thanh-freight', params: { direction: 'export', queue: 800, threshold: 400 }, raisedAt };
    expect(liveParams(queue, kpi(now))).toEqual({ direction: 'export', queue: 2_601, threshold: 400 });
    const after: Alert = { id: 'after-hours:tan-thanh-freight', kind: 'after-hours', severity: 'warning', crossing: 'tan-thanh-freight', params: { queue: 40, open: '07:00', close: '19:00' }, raisedAt };
    expect(liveParams(after, kpi(now))).toMatchObject({ queue: 2_613 });
    const perishable: Alert = { id: 'perishable-wait:tan-thanh-freight:export', kind: 'perishable-wait', severity: 'warning', crossing: 'tan-thanh-freight', params: { direction: 'export', count: 2, limitMin: 120, maxWaitMin: 130 }, raisedAt };
    const withPerishables = kpi(now, [flow({ perishableOver2h: 7, reasons: [{ kind: 'perishable', level: 'critical', value: 251.4, threshold: 180 }] })]);
    expect(liveParams(perishable, withPerishables)).toEqual({ direction: 'export', count: 7, limitMin: 120, maxWaitMin: 251 });
    const near: Alert = { ...perishable, id: 'perishable-near:tan-thanh-freight:export', kind: 'perishable-near', params: { direction: 'export', maxWaitMin: 95, limitMin: 120 } };
    expect(liveParams(near, withPerishables)).toEqual({ direction: 'export', maxWaitMin: 251, limitMin: 120 });
    const short: Alert = { id: 'shortfall:tan-thanh-freight', kind: 'shortfall', severity: 'critical', crossing: 'tan-thanh-freight', params: { projected: 900, target: 1_500 }, raisedAt };
    expect(liveParams(short, kpi(now))).toEqual({ projected: 410, target: 1_500 });
  });
});

describe('alerts in the order a person should read them', () => {
  const at = Date.UTC(2026, 11, 6, 23, 0);
  const flow = (crossing: string, direction: 'export' | 'import', queue: number): CrossingKpi => ({
    crossing, direction, clearedToday: 0, clearedLastHour: 0, queue, waitMeanMin: 0, waitP95Min: 0, waitMaxMin: 0, perishableOver2h: 0,
    laneUtilisation: 0, waitNowMeanMin: 0, waitNowP95Min: 0, waitClearedMeanMin: 0, waitClearedP95Min: 0, yardCount: queue, yardCapacity: 600,
    status: 'critical', reasons: [], open: true,
  });
  // The December 2021 jam at 07:32: Tân Thanh's export yard holds 2,553, its import side 49; Hữu Nghị's export 1,202.
  const kpi: Kpi = {
    ts: at + 40 * 60_000, day: '2026-12-07',
    crossings: [flow('tan-thanh-freight', 'export', 2_553), flow('tan-thanh-freight', 'import', 49), flow('huu-nghi-freight', 'export', 1_202), flow('huu-nghi-freight', 'import', 62)],
    targets: [], agv: { fleet: 0, active: 0, charging: 0, fault: 0, tripsToday: 0, utilisation: 0 }, lanes: [], zones: [],
  };
  const alert = (id: string, severity: Alert['severity'], minutes: number, crossing?: string, direction?: string): Alert => ({
    id, kind: 'wait-p95', severity, ...(crossing ? { crossing } : {}), params: direction ? { direction } : {}, raisedAt: at + minutes * 60_000,
  });
  const yardTT = alert('yard-fill:tt:export', 'critical', 0, 'tan-thanh-freight', 'export');
  const waitTTImport = alert('wait-p95:tt:import', 'critical', 33, 'tan-thanh-freight', 'import');
  const yardHN = alert('yard-fill:hn:export', 'critical', 5, 'huu-nghi-freight', 'export');
  const laneHN = alert('lane-closed:HN-3', 'critical', 30, 'huu-nghi-freight');
  const agv = alert('agv-fault:AGV-07', 'critical', 38);
  const sensor = alert('sensor-stale:S-1', 'warning', 39, 'tan-thanh-freight', 'export');

  it('counts the trucks waiting behind an alert: its direction, or both when it names none; none without a crossing or once cleared', () => {
    expect(trucksBehind(yardTT, kpi)).toBe(2_553);
    expect(trucksBehind(waitTTImport, kpi)).toBe(49);
    expect(trucksBehind(laneHN, kpi)).toBe(1_264);
    expect(trucksBehind(agv, kpi)).toBe(0);
    expect(trucksBehind({ ...yardTT, clearedAt: at }, kpi)).toBe(0);
    expect(trucksBehind(yardTT, null)).toBe(0);
  });

  it('puts the most severe first, then the alert with the most trucks behind it, then the newest', () => {
    const order = byUrgency([sensor, agv, waitTTImport, laneHN, yardHN, yardTT], kpi).map((a) => a.id);
    // Newest first alone led with the import wait (49 trucks) and the AGV fault, while 2,553 trucks filled a yard.
    expect(order).toEqual(['yard-fill:tt:export', 'lane-closed:HN-3', 'yard-fill:hn:export', 'wait-p95:tt:import', 'agv-fault:AGV-07', 'sensor-stale:S-1']);
    // Without KPIs it is the old order: severity, then newest.
    expect(byUrgency([yardTT, waitTTImport, agv], null).map((a) => a.id)).toEqual(['agv-fault:AGV-07', 'wait-p95:tt:import', 'yard-fill:tt:export']);
    // Cleared alerts come after every active one.
    expect(byUrgency([{ ...yardTT, clearedAt: at + 1 }, sensor], kpi).map((a) => a.id)).toEqual(['sensor-stale:S-1', 'yard-fill:tt:export']);
  });

  it('does not reorder alerts whose queues differ by a few trucks: the newest of them stays first', () => {
    const close: Kpi = { ...kpi, crossings: [flow('tan-thanh-freight', 'import', 51), flow('huu-nghi-freight', 'import', 49)] };
    const a = alert('wait-p95:tt:import', 'critical', 10, 'tan-thanh-freight', 'import');
    const b = alert('wait-p95:hn:import', 'critical', 20, 'huu-nghi-freight', 'import');
    expect(byUrgency([a, b], close).map((x) => x.id)).toEqual(['wait-p95:hn:import', 'wait-p95:tt:import']);
    const swapped: Kpi = { ...kpi, crossings: [flow('tan-thanh-freight', 'import', 49), flow('huu-nghi-freight', 'import', 51)] };
    expect(byUrgency([a, b], swapped).map((x) => x.id)).toEqual(['wait-p95:hn:import', 'wait-p95:tt:import']);
  });
});
