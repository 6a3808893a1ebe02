import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertLine, alertWords } from '../../../client/hud/alertText';
import { en } from '../../../client/i18n/en';
import { vi } from '../../../client/i18n/vi';
import { zh } from '../../../client/i18n/zh';
import type { Alert } from '../../../server/protocol';

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
