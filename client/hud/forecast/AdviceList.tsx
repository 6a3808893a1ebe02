import { useState } from 'react';
import type { Forecast } from '../../../server/protocol/forecast';
import type { Site } from '../../../server/protocol/site';
import { siteTime } from '../../i18n/siteTime';
import { useLang } from '../../i18n/useLang';
import { AdviceItem } from './AdviceItem';
import { topAdvice } from './forecastView';
import './forecast.css';

/**
 * The forecast's best three actions with their effect and reason, then, when none of them can be applied in one
 * click, the best one that can, under its own caption (it ranks lower: the caption says why it is there).
 */
export function AdviceList({ forecast, site, operator }: { forecast: Forecast | null; site: Site; operator: boolean }) {
  const { t, lang } = useLang();
  // The result outlives the advice it came from: the fresh forecast after a change no longer proposes it.
  const [result, setResult] = useState<{ text: string; bad: boolean } | null>(null);
  const { top, applyNow } = topAdvice(forecast);
  return (
    <section className="advice" data-testid="advice" data-from={forecast?.from ?? ''}>
      <h3>{t('forecast.adviceTitle')}</h3>
      {!forecast ? <div className="muted small">{t('forecast.waiting')}</div> : null}
      {forecast ? (
        <div className="muted small">{t('forecast.adviceNote', { time: siteTime(lang, forecast.from, site.timezones), seeds: forecast.seeds })}</div>
      ) : null}
      {forecast && top.length === 0 ? <div className="muted small">{t('forecast.none')}</div> : null}
      <ol>
        {top.map((a) => (
          <AdviceItem key={a.id} advice={a} site={site} operator={operator} onResult={setResult} />
        ))}
      </ol>
      {applyNow ? (
        <div className="advice-apply-now" data-testid="advice-apply-now">
          <div className="advice-caption">{t('forecast.applyNow')}</div>
          <ul>
            <AdviceItem advice={applyNow} site={site} operator={operator} onResult={setResult} />
          </ul>
        </div>
      ) : null}
      {result ? (
        <div className={`advice-result${result.bad ? ' bad' : ''}`} data-testid="advice-result" role="status">
          {result.text}
        </div>
      ) : null}
      {!operator && (applyNow || top.some((a) => a.applicable)) ? <div className="muted small">{t('forecast.operatorOnly')}</div> : null}
    </section>
  );
}
