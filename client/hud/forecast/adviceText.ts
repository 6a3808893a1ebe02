import type { Advice } from '../../../server/protocol/forecast';
import type { Site } from '../../../server/protocol/site';
import { fmtNumber, fmtPercent } from '../../i18n/format';
import type { Lang } from '../../i18n/i18n';
import { shortName } from '../../i18n/names';
import type { useLang } from '../../i18n/useLang';
import { siteClock } from '../../i18n/siteTime';

type T = ReturnType<typeof useLang>['t'];

/** One piece of advice in words: the action, its effect and its reason. */
export interface AdviceWords {
  action: string;
  effect: string;
  reason: string;
  rule: string;
}

/** "Extend Tân Thanh to 22:00", "240 fewer waiting at close; perishable p95 3.1 h → 1.6 h", and why. */
export function adviceWords(a: Advice, site: Site, t: T, lang: Lang): AdviceWords {
  const crossingName = (id: string) => {
    const c = site.crossings.find((x) => x.id === id);
    return c ? shortName(c.name[lang]) : id;
  };
  const laneCrossing = (lane: string) => site.crossings.find((c) => c.lanes.some((l) => l.id === lane))?.id ?? '';
  const hours = (h: number) => t('forecast.hours', { value: fmtNumber(lang, h, 1) });
  const act = a.action;
  let action: string;
  switch (act.kind) {
    case 'lane':
      action =
        act.set.direction !== undefined
          ? t('forecast.action.fix-reversible', { lane: act.set.lane, crossing: crossingName(laneCrossing(act.set.lane)), direction: t(`direction.${act.set.direction}`) })
          : t('forecast.action.open-lane', { lane: act.set.lane, crossing: crossingName(laneCrossing(act.set.lane)) });
      break;
    case 'hours':
      action = t('forecast.action.extend-hours', { crossing: crossingName(act.crossing), close: siteClock(lang, act.close, site.timezones) });
      break;
    case 'divert':
      action = t('forecast.action.divert-exports', { share: fmtPercent(lang, act.share), from: crossingName(act.from), to: crossingName(act.to) });
      break;
    case 'head-start':
      action = t('forecast.action.head-start', { hours: hours(act.perishableHeadStartMin / 60) });
      break;
    case 'lever':
      action = t(`forecastLever.${act.lever}`, { crossing: act.crossing ? crossingName(act.crossing) : '' });
      break;
  }
  const p = { before: hours(a.perishableP95H.before), after: hours(a.perishableP95H.after) };
  const fewer = Math.round(a.fewerWaitingAtClose);
  const effect =
    fewer > 0 ? t('forecast.effect', { fewer: fmtNumber(lang, fewer), ...p }) : fewer < 0 ? t('forecast.effectMore', { more: fmtNumber(lang, -fewer), ...p }) : t('forecast.effectSame', p);
  const figures = { saved: fmtNumber(lang, Math.round(a.savedTruckHours)), candidates: fmtNumber(lang, a.reason.candidates), seeds: fmtNumber(lang, a.reason.seeds) };
  // A lever is scored on time in the border zone: waiting plus the handling its ways of crossing save.
  const lever = act.kind === 'lever';
  const reason = lever ? t('forecastLever.reason', { ...figures, handling: fmtNumber(lang, Math.round(a.savedHandlingH ?? 0)) }) : t('forecast.reason', figures);
  const rule = t(lever ? `forecastLever.rule.${a.reason.rule}` : `forecast.rule.${a.reason.rule}`, { defaultValue: a.reason.rule });
  return { action, effect, reason, rule };
}
