import { useState } from 'react';
import type { Advice } from '../../../server/protocol/forecast';
import type { Site } from '../../../server/protocol/site';
import { useLang } from '../../i18n/useLang';
import { adviceWords } from './adviceText';
import { applyLaneAdvice } from './applyLane';

type Step = 'idle' | 'confirm' | 'busy';

/** One piece of advice in words; a lane one has the operator's apply button (confirmed, then sent as `lane:set`). */
export function AdviceItem({ advice, site, operator, onResult }: { advice: Advice; site: Site; operator: boolean; onResult: (r: { text: string; bad: boolean }) => void }) {
  const { t, lang } = useLang();
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
    <li data-advice={advice.id} data-kind={act.kind} data-pick={advice.pick}>
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
