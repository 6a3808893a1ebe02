import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertWords } from '../../../client/hud/alertText';
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
