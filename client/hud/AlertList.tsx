import { useState } from 'react';
import type { Alert } from '../../server/protocol/viewer';
import { siteTime } from '../i18n/siteTime';
import { useLang } from '../i18n/useLang';
import { ackAlert } from '../net/connection';
import { flyTo, useUi } from '../state/uiStore';
import { alertWords, byUrgency } from './alertText';
import { jumpToAlert } from './replay/jumpToAlert';

/**
 * The executive alert list: active first, most severe first, the most trucks waiting behind it first (`byUrgency`),
 * then recently cleared; operators acknowledge with `alert:ack`.
 */
export function AlertList() {
  const { t } = useLang();
  const alerts = useUi((s) => s.alerts);
  const kpi = useUi((s) => s.kpi);
  const role = useUi((s) => s.hello?.role);
  const mode = useUi((s) => s.hello?.mode);
  const canAck = mode !== 'replay' && (role === 'operator' || role === 'admin');
  const sorted = byUrgency(alerts, kpi).slice(0, 40);
  return (
    <section className="alert-list" data-testid="alert-list">
      {sorted.length === 0 ? <div className="muted">{t('alerts.none')}</div> : null}
      {!canAck && sorted.some((a) => a.clearedAt === undefined) && mode !== 'replay' ? <div className="muted small">{t('alerts.operatorOnly')}</div> : null}
      <ul>
        {sorted.map((a) => (
          <AlertRow key={a.id} a={a} canAck={canAck} />
        ))}
      </ul>
    </section>
  );
}

function AlertRow({ a, canAck }: { a: Alert; canAck: boolean }) {
  const { t, lang } = useLang();
  const site = useUi((s) => s.site);
  const kpi = useUi((s) => s.kpi);
  const mode = useUi((s) => s.hello?.mode);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const w = alertWords(a, t, lang, site, kpi);
  const zones = site?.timezones ?? { vn: 7, cn: 8 };
  const cleared = a.clearedAt !== undefined;
  const ack = async () => {
    setBusy(true);
    const err = await ackAlert(a.id);
    setBusy(false);
    setError(err);
  };
  return (
    <li className={`alert-row sev-${a.severity}${cleared ? ' is-cleared' : ''}`} data-alert={a.id}>
      <div className="alert-head">
        <span className={`sev sev-${a.severity}`}>{t(`severity.${a.severity}`)}</span>
        <b>{w.kind}</b>
        {w.where ? (
          <button type="button" className="linkish" title={w.whereTitle} onClick={() => a.crossing && flyTo(a.crossing)}>
            {w.where}
          </button>
        ) : null}
      </div>
      <div className="alert-detail">{w.detail}</div>
      <div className="alert-meta">
        {mode === 'replay' ? (
          <button type="button" className="linkish" data-testid="alert-jump" title={t('dayTracks.alertMark', { time: siteTime(lang, a.raisedAt, zones), kind: w.kind, where: w.where })} onClick={() => void jumpToAlert(a.raisedAt, a).then(setError)}>
            {siteTime(lang, a.raisedAt, zones, true)}
          </button>
        ) : (
          <span>{siteTime(lang, a.raisedAt, zones, true)}</span>
        )}
        {cleared ? <span>{t('alerts.cleared', { time: siteTime(lang, a.clearedAt!, zones) })}</span> : null}
        {a.acknowledgedBy ? <span className="acked">{t('alerts.acked', { by: a.acknowledgedBy })}</span> : null}
        {canAck && !cleared && !a.acknowledgedBy ? (
          <button type="button" className="ack" disabled={busy} onClick={() => void ack()}>
            {t('alerts.ack')}
          </button>
        ) : null}
      </div>
      {error ? <div className="card-error">{mode === 'replay' ? t('replay.error', { error }) : t('alerts.ackFailed', { error })}</div> : null}
    </li>
  );
}
