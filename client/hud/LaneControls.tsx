import { useState } from 'react';
import type { LaneStatus } from '../../server/protocol/viewer';
import { useLang } from '../i18n/useLang';
import { currentSource, setLane } from '../net/connection';
import { useUi } from '../state/uiStore';
import { actionId, canSteerLanes, laneActions, laneCommand, type LaneAction } from './laneControl';

type Outcome = { ok: true; status: LaneStatus } | { ok: false; error: string };

/**
 * Operator controls on the lane card: open or close the lane, or set its direction, each after a confirmation;
 * the server's answer (the lane's new state, or its refusal) is shown under the buttons. Viewers see nothing.
 */
export function LaneControls({ status }: { status: LaneStatus }) {
  const { t } = useLang();
  const role = useUi((s) => s.hello?.role);
  const mode = useUi((s) => s.hello?.mode);
  const [pending, setPending] = useState<LaneAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  if (!canSteerLanes(role, mode, currentSource()?.capabilities.steer ?? false)) return null;
  const label = (a: LaneAction) => (a.kind === 'direction' ? t('laneControl.setDirection', { direction: t(`direction.${a.direction}`) }) : t(`laneControl.${a.kind}`));
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    const r = await setLane(laneCommand(status.lane, pending));
    setBusy(false);
    setPending(null);
    setOutcome(r.ok ? { ok: true, status: r.data } : { ok: false, error: r.error });
  };
  return (
    <div className="lane-controls" data-testid="lane-controls">
      <div className="card-reason-title">{t('laneControl.title')}</div>
      {pending ? (
        <div className="lane-confirm" data-testid="lane-confirm">
          <div>{t('laneControl.confirmQuestion', { action: label(pending), id: status.lane })}</div>
          <button type="button" className="ack" disabled={busy} data-testid="lane-confirm-yes" onClick={() => void confirm()}>
            {busy ? t('laneControl.sending') : t('laneControl.confirm')}
          </button>
          <button type="button" className="lane-cancel" disabled={busy} onClick={() => setPending(null)}>
            {t('laneControl.cancel')}
          </button>
        </div>
      ) : (
        <div className="lane-actions">
          {laneActions(status).map((a) => (
            <button
              type="button"
              key={actionId(a)}
              className={`lane-action lane-action-${a.kind}`}
              data-action={actionId(a)}
              onClick={() => {
                setOutcome(null);
                setPending(a);
              }}
            >
              {label(a)}
            </button>
          ))}
        </div>
      )}
      {outcome?.ok ? (
        <div className="lane-result" data-testid="lane-result">
          {t('laneControl.done', { id: outcome.status.lane, state: outcome.status.open ? t('lane.open') : t('lane.closed'), direction: t(`direction.${outcome.status.direction}`) })}
        </div>
      ) : null}
      {outcome && !outcome.ok ? (
        <div className="card-error" data-testid="lane-result">
          {t('laneControl.refused', { error: outcome.error })}
        </div>
      ) : null}
    </div>
  );
}
