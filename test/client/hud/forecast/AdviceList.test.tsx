import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdviceList } from '../../../../client/hud/forecast/AdviceList';
import { en } from '../../../../client/i18n/en';
import { vi } from '../../../../client/i18n/vi';
import { zh } from '../../../../client/i18n/zh';
import type { Advice, AdviceAction, Forecast } from '../../../../server/protocol/forecast';
import { SiteSchema } from '../../../../server/protocol/site';

const site = SiteSchema.parse(JSON.parse(readFileSync(new URL('../../../../assets/site.json', import.meta.url), 'utf8')));
const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ lng: 'en', resources: { en: { translation: en }, vi: { translation: vi }, zh: { translation: zh } }, interpolation: { escapeValue: false } });
});

const FROM = Date.UTC(2026, 11, 5, 9); // 16:00 at UTC+7

function advice(action: AdviceAction, saved: number, id: string): Advice {
  return { id, action, applicable: action.kind === 'lane', fewerWaitingAtClose: 40, savedTruckHours: saved, perishableP95H: { before: 3.1, after: 1.6 }, reason: { rule: 'open-lane', seeds: 6, candidates: 21 } };
}

/** Three that cannot be applied in one click (hours and levers), and the server's best applicable pick after them. */
const THREE = [
  advice({ kind: 'hours', crossing: 'tan-thanh-freight', close: '22:00' }, 500, 'hours:tan-thanh-freight:22:00'),
  advice({ kind: 'lever', lever: 'twoWayPilot', on: true }, 300, 'lever:twoWayPilot:on'),
  advice({ kind: 'lever', lever: 'inspectionCentre', on: true }, 200, 'lever:inspectionCentre:on'),
];
const PICK: Advice = { ...advice({ kind: 'lane', set: { lane: 'HN-3', direction: 'export' } }, 90, 'lane:HN-3:export'), pick: 'best-applicable' };

function forecast(list: Advice[]): Forecast {
  return { from: FROM, horizon: FROM + 12 * 3_600_000, stepMin: 15, seeds: 8, series: [], closing: [], advice: list, model: { arrivalsPerDay: [], serviceFactor: [], computeMs: 5 } };
}

async function render(list: Advice[], operator: boolean, lang: 'en' | 'vi' | 'zh' = 'en'): Promise<{ three: string; extra: string | undefined }> {
  await i18n.changeLanguage(lang);
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <AdviceList forecast={forecast(list)} site={site} operator={operator} />
    </I18nextProvider>,
  );
  const [three, extra] = html.split('data-testid="advice-apply-now"');
  return { three: three!, extra };
}

const count = (html: string, s: string) => html.split(s).length - 1;

describe('the advice panel’s best applicable action', () => {
  it('follows three that cannot be applied, under its caption, with its one-click apply for an operator', async () => {
    const { three, extra } = await render([...THREE, PICK], true);
    expect(count(three, '<li ')).toBe(3);
    expect(count(three, 'data-testid="advice-apply"')).toBe(0);
    expect(extra).toBeDefined();
    expect(extra).toContain('Best you can apply now');
    expect(count(extra!, '<li ')).toBe(1);
    expect(extra).toContain('data-advice="lane:HN-3:export"');
    expect(extra).toContain('data-pick="best-applicable"');
    expect(extra).toContain('Run lane HN-3 (Hữu Nghị – Youyiguan) as Export');
    expect(count(extra!, 'data-testid="advice-apply"')).toBe(1);
  });

  it.each([
    ['vi', 'Biện pháp tốt nhất có thể áp dụng ngay'],
    ['zh', '可立即执行的最佳措施'],
  ] as const)('says why it is there in %s, without the button for a viewer, who is told operators can apply it', async (lang, caption) => {
    const { extra } = await render([...THREE, PICK], false, lang);
    expect(extra).toContain(caption);
    expect(extra).toContain('data-advice="lane:HN-3:export"');
    expect(extra).not.toContain('data-testid="advice-apply"');
    expect(extra).toContain(i18n.t('forecast.operatorOnly'));
  });

  it('is absent when the forecast has no pick (nothing applicable saves anything), and the three stand alone', async () => {
    const { three, extra } = await render(THREE, true);
    expect(extra).toBeUndefined();
    expect(count(three, '<li ')).toBe(3);
    expect(three).not.toContain('Best you can apply now');
  });
});
