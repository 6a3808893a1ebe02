import { useLang } from '../i18n/useLang';
import { useUi } from '../state/uiStore';
import { alertWords, bySeverity } from './alertText';

/** The newest active critical alert, large over the scene with its detail: the wall shouts for a human. */
export function CriticalBanner() {
  const { t, lang } = useLang();
  const alerts = useUi((s) => s.alerts);
  const site = useUi((s) => s.site);
  const critical = alerts.filter((a) => a.severity === 'critical' && a.clearedAt === undefined).sort(bySeverity);
  const a = critical[0];
  if (!a) return null;
  const w = alertWords(a, t, lang, site);
  return (
    <div className="critical-banner" role="alert" data-testid="critical-banner" data-occludes>
      <b>
        {t('severity.critical')} · {w.kind}
        {w.where ? ` · ${w.where}` : ''}
      </b>
      <span>{w.detail}</span>
      {critical.length > 1 ? <span className="critical-more">{t('alerts.more', { count: critical.length - 1 })}</span> : null}
    </div>
  );
}
