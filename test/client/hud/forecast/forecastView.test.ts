import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Advice, Forecast } from '../../../../server/protocol/forecast';
import { SiteSchema } from '../../../../server/protocol/site';
import { adviceWords } from '../../../../client/hud/forecast/adviceText';
import { bandPath, closingFigure, dayBands, pastNote, queueBand, topAdvice } from '../../../../client/hud/forecast/forecastView';
import { en } from '../../../../client/i18n/en';
import { vi } from '../../../../client/i18n/vi';
import { zh } from '../../../../client/i18n/zh';
import { clearForecast, receiveForecast, showPastForecast, useForecast } from '../../../../client/state/forecastStore';

const site = SiteSchema.parse(JSON.parse(readFileSync(new URL('../../../../assets/site.json', import.meta.url), 'utf8')));
const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ lng: 'en', resources: { en: { translation: en }, vi: { translation: vi }, zh: { translation: zh } }, interpolation: { escapeValue: false } });
});

const MIN = 60_000;
const DAY0 = Date.UTC(2026, 11, 4, 17); // local midnight at UTC+7
const b = (p10: number, p50: number, p90: number) => ({ p10, p50, p90 });

function advice(id: string, saved: number, action: Advice['action'], rule = 'open-lane'): Advice {
  return { id, action, applicable: action.kind === 'lane', fewerWaitingAtClose: 240, savedTruckHours: saved, perishableP95H: { before: 3.1, after: 1.6 }, reason: { rule, seeds: 6, candidates: 21 } };
}

/** A forecast from 18:00 local, every 15 min to 19:00, two directions at Tân Thanh. */
function forecast(from = DAY0 + 18 * 60 * MIN, adviceList: Advice[] = []): Forecast {
  const ts = [0, 15, 30, 45, 60].map((m) => from + m * MIN);
  return {
    from, horizon: from + 12 * 60 * MIN, stepMin: 15, seeds: 8,
    series: [
      { crossing: 'tan-thanh-freight', direction: 'export', ts, queue: [b(10, 20, 30), b(12, 22, 32), b(14, 24, 34), b(16, 26, 36), b(18, 28, 38)], waitMin: ts.map(() => b(1, 2, 3)) },
      { crossing: 'tan-thanh-freight', direction: 'import', ts, queue: ts.map(() => b(5, 10, 15)), waitMin: ts.map(() => b(1, 2, 3)) },
    ],
    closing: [{ crossing: 'tan-thanh-freight', at: from + 60 * MIN, close: '19:00', waiting: b(360, 420, 480), cleared: b(900, 950, 1000), perishablesAtRisk: b(0, 1, 2), perishableP95H: b(1, 2, 3), waitNowMin: { export: b(1, 2, 3), import: b(1, 2, 3) } }],
    advice: adviceList,
    model: { arrivalsPerDay: [], serviceFactor: [], computeMs: 5 },
  };
}

describe('the forecast on the day chart', () => {
  it('adds both directions and places the band from now to the last sample, nothing before or after', () => {
    const slotMs = 5 * MIN;
    const band = queueBand(forecast(), 'tan-thanh-freight', DAY0, 288, slotMs)!;
    const at18 = (18 * 60) / 5; // slot 216 starts at 18:00; its middle is 18:02:30
    // The slot straddling "now" starts the band at the forecast's first value, so it joins the history.
    expect(Number.isNaN(band.p50[at18 - 2]!)).toBe(true);
    expect(band.p50[at18 - 1]).toBe(30);
    expect(band.p50[at18]).toBeCloseTo(30 + (2 * 2.5) / 15, 5);
    expect(band.p10[at18]).toBeCloseTo(15 + (2 * 2.5) / 15, 5);
    expect(band.p90[at18 + 11]).toBeCloseTo(38 + 15 - 2 * (2.5 / 15), 4);
    expect(Number.isNaN(band.p50[at18 + 12]!)).toBe(true);
    expect(queueBand(forecast(), 'coc-nam', DAY0, 288, slotMs)).toBeNull();
  });

  it('draws the band of every crossing the forecast covers, on the day it was made, with no sample of that day yet', () => {
    // A replay opened a minute after the first forecast: no 5-minute bucket has closed, the series is still empty.
    const f = forecast(DAY0 + 6 * 60 * MIN);
    const bands = dayBands(f, ['tan-thanh-freight', 'coc-nam', 'huu-nghi-freight'], DAY0, 288, 5 * MIN);
    expect(bands.map((b) => [b.id, b.index])).toEqual([['tan-thanh-freight', 0]]);
    expect(bands[0]!.band.p50[(6 * 60) / 5]).toBeCloseTo(30, 0);
    // A forecast of the day before has nothing to draw on this day's chart; no forecast, no band.
    expect(dayBands(forecast(DAY0 - 60 * MIN), ['tan-thanh-freight'], DAY0, 288, 5 * MIN)).toEqual([]);
    expect(dayBands(null, ['tan-thanh-freight'], DAY0, 288, 5 * MIN)).toEqual([]);
    expect(dayBands(f, ['tan-thanh-freight'], NaN, 288, 5 * MIN)).toEqual([]);
  });

  it('captions the replay band with when it was said, or says why there is none', async () => {
    const at = DAY0 + 10 * 60 * MIN;
    const f = forecast(at - 3 * MIN);
    const where = { day: '2026-12-05', at };
    expect(pastNote({ status: 'shown', ...where }, f)).toEqual({ key: 'forecastPast.said', at: f.from });
    expect(pastNote({ status: 'shown', ...where }, null)).toBeNull();
    expect(pastNote(null, null)).toBeNull();
    expect(pastNote({ status: 'loading', ...where }, null)).toEqual({ key: 'forecastPast.loading', at });
    expect(pastNote({ status: 'none', ...where }, null)).toEqual({ key: 'forecastPast.none', at });
    const retry = pastNote({ status: 'retrying', ...where, error: 'HTTP 503', attempt: 2, retryAt: at }, null)!;
    expect(retry).toEqual({ key: 'forecastPast.retrying', at, error: 'HTTP 503' });
    expect(pastNote({ status: 'failed', ...where, error: 'forbidden' }, null)).toEqual({ key: 'forecastPast.failed', at, error: 'forbidden' });
    // Every state has its words in every language.
    for (const lang of ['vi', 'zh', 'en']) {
      await i18n.changeLanguage(lang);
      for (const key of ['loading', 'none', 'retrying', 'failed'] as const) {
        const text = i18n.t(`forecastPast.${key}`, { time: '10:00', error: 'HTTP 503' });
        expect(text).toContain('10:00');
        expect(text).not.toBe(`forecastPast.${key}`);
      }
    }
    await i18n.changeLanguage('en');
    expect(i18n.t('forecastPast.retrying', { time: '10:00 (UTC+7)', error: 'HTTP 503' })).toBe('could not load what the forecast said by 10:00 (UTC+7) (HTTP 503); trying again…');
  });

  it('draws a closed area for each run of finite values', () => {
    const lo = [NaN, 1, 2, NaN, 3];
    const hi = [NaN, 4, 5, NaN, 6];
    const d = bandPath(lo, hi, (i) => i * 10, (v) => 100 - v);
    expect(d).toBe('M10,96L20,95L20,98L10,99ZM40,94L40,97Z');
  });
});

describe('the wall line and the advice', () => {
  it('says what closing looks like: median and half the p10–p90 spread', () => {
    expect(closingFigure(forecast(), 'tan-thanh-freight')).toEqual({ close: '19:00', at: forecast().from + 60 * MIN, waiting: 420, spread: 60, tomorrow: false });
    // Once that closing has passed the forecast that said it is out of date: nothing to show.
    const at = forecast().from + 60 * MIN;
    expect(closingFigure(forecast(), 'tan-thanh-freight', at - MIN)).toMatchObject({ waiting: 420, tomorrow: false });
    expect(closingFigure(forecast(), 'tan-thanh-freight', at)).toBeNull();
    expect(closingFigure(forecast(), 'tan-thanh-freight', at + 35 * MIN)).toBeNull();
    // A closing on the next local day (a forecast made after today's closing) says so.
    expect(closingFigure(forecast(), 'tan-thanh-freight', at - 24 * 60 * MIN)).toMatchObject({ tomorrow: true });
    expect(closingFigure(forecast(), 'coc-nam')).toBeNull();
    expect(closingFigure(null, 'tan-thanh-freight')).toBeNull();
    const line = i18n.t('forecast.closing', { time: '19:00', waiting: '420', spread: '60' });
    expect(line).toBe('at 19:00: 420 ± 60 waiting');
  });

  it('keeps the best three that save something, best first', () => {
    const list = [advice('a', 5, { kind: 'lane', set: { lane: 'HN-1', open: true } }), advice('b', 0, { kind: 'lane', set: { lane: 'HN-2', open: true } }), advice('c', 50, { kind: 'hours', crossing: 'tan-thanh-freight', close: '22:00' }), advice('d', 9, { kind: 'head-start', perishableHeadStartMin: 240 }), advice('e', 7, { kind: 'divert', from: 'tan-thanh-freight', to: 'huu-nghi-freight', share: 0.25 })];
    expect(topAdvice(forecast(undefined, list)).top.map((a) => a.id)).toEqual(['c', 'd', 'e']);
    expect(topAdvice(forecast(undefined, list)).applyNow).toBeNull();
    expect(topAdvice(null)).toEqual({ top: [], applyNow: null });
  });

  it('keeps the server’s best applicable pick apart from the three, only while none of them can be applied', () => {
    const three = [advice('c', 50, { kind: 'hours', crossing: 'tan-thanh-freight', close: '22:00' }), advice('d', 9, { kind: 'head-start', perishableHeadStartMin: 240 }), advice('e', 7, { kind: 'divert', from: 'tan-thanh-freight', to: 'huu-nghi-freight', share: 0.25 })];
    const pick: Advice = { ...advice('a', 5, { kind: 'lane', set: { lane: 'HN-1', open: true } }), pick: 'best-applicable' };
    const shown = topAdvice(forecast(undefined, [...three, pick]));
    expect(shown.top.map((a) => a.id)).toEqual(['c', 'd', 'e']);
    expect(shown.applyNow?.id).toBe('a');
    // With fewer shown than sent (n = 2) the pick is still not one of them, and a lane among the three makes it moot.
    expect(topAdvice(forecast(undefined, [...three, pick]), 2).top.map((a) => a.id)).toEqual(['c', 'd']);
    const withLane = [three[0]!, advice('f', 8, { kind: 'lane', set: { lane: 'HN-2', open: true } }), three[1]!, pick];
    expect(topAdvice(forecast(undefined, withLane)).applyNow).toBeNull();
    // A forecast recorded before the pick existed shows its three and nothing else.
    expect(topAdvice(forecast(undefined, three)).applyNow).toBeNull();
  });

  it('puts the action, its effect and its reason in words', async () => {
    await i18n.changeLanguage('en');
    const w = adviceWords(advice('c', 50, { kind: 'hours', crossing: 'tan-thanh-freight', close: '22:00' }, 'extend-hours'), site, i18n.t, 'en');
    expect(w.action).toBe('Extend Tân Thanh – Pò Chài to 22:00 (UTC+7)');
    expect(w.effect).toBe('240 fewer waiting at close; perishable p95 3.1 h → 1.6 h');
    expect(w.rule).toBe('Trucks still waiting at closing');
    expect(w.reason).toBe('Saves 50 truck-hours of waiting; best of 21 actions, simulated 6 times');
    const lane = adviceWords(advice('a', 5, { kind: 'lane', set: { lane: 'HN-3', direction: 'import' } }, 'fix-reversible'), site, i18n.t, 'en');
    expect(lane.action).toBe('Run lane HN-3 (Hữu Nghị – Youyiguan) as Import');
    expect(adviceWords({ ...advice('a', 5, { kind: 'lane', set: { lane: 'HN-1', open: true } }), fewerWaitingAtClose: 0 }, site, i18n.t, 'en').effect).toBe('Same number waiting at close; perishable p95 3.1 h → 1.6 h');
    expect(adviceWords({ ...advice('a', 5, { kind: 'lane', set: { lane: 'HN-1', open: true } }), fewerWaitingAtClose: -12 }, site, i18n.t, 'en').effect).toMatch(/^12 more waiting at close/);
    // A province's lever: advice in words with the time in the zone it saves, handling hours included.
    const third = adviceWords({ ...advice('l', 2986, { kind: 'lever', lever: 'thirdCountry', crossing: 'tan-thanh-freight', on: true }, 'lever-third-country'), savedHandlingH: 3008 }, site, i18n.t, 'en');
    expect(third.action).toBe('Allow third-country vehicles through Tân Thanh – Pò Chài (provinces’ decision)');
    expect(third.reason).toBe('Saves 2,986 truck-hours in the border zone, 3,008 of them in cross-loading and handling; best of 21 actions, simulated 6 times');
    expect(third.rule).toBe('Third-country trucks are cross-loaded there today (about a day each)');
    await i18n.changeLanguage('zh');
    expect(adviceWords(advice('m', 40, { kind: 'lever', lever: 'inspectionCentre', on: true }, 'lever-inspection-centre'), site, i18n.t, 'zh').action).toBe('设立生鲜质量检验中心（两省决定）');
    const zhw = adviceWords(advice('e', 7, { kind: 'divert', from: 'tan-thanh-freight', to: 'huu-nghi-freight', share: 0.25 }, 'divert-exports'), site, i18n.t, 'zh');
    expect(zhw.action).toContain('25%');
    expect(zhw.action).toContain('友谊关');
  });
});

describe('the forecast store', () => {
  it('shows the forecast said at a replayed instant, earlier or later than the one it held, and clears without one', () => {
    receiveForecast(forecast(DAY0 + 15 * 60 * MIN));
    showPastForecast(forecast(DAY0 + 10 * 60 * MIN));
    expect(useForecast.getState().forecast?.from).toBe(DAY0 + 10 * 60 * MIN);
    showPastForecast(null);
    expect(useForecast.getState().forecast).toBeNull();
  });

  it('keeps the latest forecast, ignores an older answer and anything malformed', () => {
    clearForecast();
    receiveForecast(forecast(DAY0 + 10 * 60 * MIN));
    expect(useForecast.getState().forecast?.from).toBe(DAY0 + 10 * 60 * MIN);
    receiveForecast(forecast(DAY0 + 9 * 60 * MIN));
    expect(useForecast.getState().forecast?.from).toBe(DAY0 + 10 * 60 * MIN);
    receiveForecast({ from: DAY0 + 11 * 60 * MIN });
    receiveForecast(null);
    expect(useForecast.getState().forecast?.from).toBe(DAY0 + 10 * 60 * MIN);
    receiveForecast(forecast(DAY0 + 11 * 60 * MIN));
    expect(useForecast.getState().forecast?.from).toBe(DAY0 + 11 * 60 * MIN);
  });
});
