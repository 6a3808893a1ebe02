import { useState } from 'react';
import type { Advice } from '../../../server/protocol/forecast';
import { siteTime } from '../../i18n/siteTime';
import { useLang } from '../../i18n/useLang';
import { useForecast } from '../../state/forecastStore';
import { useUi } from '../../state/uiStore';
import { adviceWords } from './adviceText';
import { applyLaneAdvice } from './applyLane';
import { topAdvice } from './forecastView';
import './forecast.css';

/** The executive's "what to do": the forecast's best three actions with their effect and reason; operators apply lane ones. */
export function AdvicePanel() {
  const { t, lang } = useLang();
  const forecast = useForecast((s) => s.forecast);
  const site = useUi((s) => s.site);
  const hello = useUi((s) => s.hello);
  // The result outlives the advice it came from: the fresh forecast after a change no longer proposes it.
  const [result, setResult] = useState<{ text: string; bad: boolean } | null>(null);
  if (!site) return null;
  const operator = hello?.mode === 'live' && (hello.role === 'operator' || hello.role === 'admin');
  const list = topAdvice(forecast);
  return (
    <section className="advice" data-testid="advice" data-from={forecast?.from ?? ''}>
      <h3>{t('forecast.adviceTitle')}</h3>
      {!forecast ? <div className="muted small">{t('forecast.waiting')}</div> : null}
      {forecast ? (
        <div className="muted small">{t('forecast.adviceNote', { time: siteTime(lang, forecast.from, site.timezones), seeds: forecast.seeds })}</div>
      ) : null}
      {forecast && list.length === 0 ? <div className="muted small">{t('forecast.none')}</div> : null}
      <ol>
        {list.map((a) => (
          <AdviceItem key={a.id} advice={a} operator={operator} onResult={setResult} />
        ))}
      </ol>
      {result ? (
        <div className={`advice-result${result.bad ? ' bad' : ''}`} data-testid="advice-result" role="status">
          {result.text}
        </div>
      ) : null}
      {!operator && list.some((a) => a.applicable) ? <div className="muted small">{t('forecast.operatorOnly')}</div> : null}
    </section>
  );
}

type Step = 'idle' | 'confirm' | 'busy';

function AdviceItem({ advice, operator, onResult }: { advice: Advice; operator: boolean; onResult: (r: { text: string; bad: boolean }) => void }) {
  const { t, lang } = useLang();
  const site = useUi((s) => s.site)!;
  const [step, setStep] = useState<Step>('idle');
  const w = adviceWords(advice, site, t, lang);
  const act = advice.action;
  const apply = async () => {
    if (act.kind !== 'lane') return;
    setStep('busy');
    const r = await applyLaneAdvice(act.set);
    setStep('idle');
    onResult(
      r.ok
        ? { text: t('forecast.applied', { lane: r.data.lane, state: t(r.data.open ? 'forecast.laneOpen' : 'forecast.laneClosed'), direction: t(`direction.${r.data.effectiveDirection}`) }), bad: false }
        : { text: t('forecast.failed', { error: r.error }), bad: true },
    );
  };
  return (
    <li data-advice={advice.id} data-kind={act.kind}>
      <div className="advice-action">{w.action}</div>
      <div className="advice-effect">{w.effect}</div>
      <div className="advice-reason" title={advice.reason.rule}>
        <div>{w.rule}</div>
        <div>{w.reason}</div>
      </div>
      {operator && advice.applicable && act.kind === 'lane' ? (
        <div className="advice-buttons">
          {step === 'idle' ? (
            <button type="button" data-testid="advice-apply" onClick={() => setStep('confirm')}>
              {t('forecast.apply')}
            </button>
          ) : null}
          {step === 'confirm' ? (
            <>
              <span className="small">{t('forecast.confirm', { action: w.action })}</span>
              <button type="button" className="primary" data-testid="advice-confirm" onClick={() => void apply()}>
                {t('forecast.confirmYes')}
              </button>
              <button type="button" onClick={() => setStep('idle')}>
                {t('forecast.cancel')}
              </button>
            </>
          ) : null}
          {step === 'busy' ? <span className="small">{t('forecast.applying')}</span> : null}
        </div>
      ) : null}
    </li>
  );
}
