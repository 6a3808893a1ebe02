import type { Reason } from '../../server/protocol/viewer';
import { useLang } from '../i18n/useLang';
import { reasonWords } from './reasonText';

/** The scheduler's reason for a decision: its rule in words and the options it weighed, the chosen one marked. */
export function ReasonView({ reason, testId }: { reason: Reason; testId?: string }) {
  const { t, lang } = useLang();
  const w = reasonWords(reason, t, lang);
  return (
    <div className="card-reason" data-testid={testId}>
      <div className="card-reason-title">{t('card.reason')}</div>
      <div className="card-rule" title={reason.rule}>
        {w.rule}
      </div>
      <ol>
        {w.candidates.map((c) => (
          <li key={c.option} className={c.note === t('reason.chosen') ? 'chosen' : undefined}>
            <b>{c.option}</b>: {c.cost}
            {c.note ? ` — ${c.note}` : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}
