import { siteTime } from '../i18n/siteTime';
import { shortName } from '../i18n/names';
import { useLang } from '../i18n/useLang';
import { useUi } from '../state/uiStore';
import { alertWords, bySeverity } from './alertText';
import { kpiSummary } from './kpiSummary';

/**
 * Active alerts, most severe first: the wall's "something needs a human" line. Each alert by time, kind and
 * place (the critical one's detail has its own banner); the line may wrap to two rows, then a count of the rest.
 */
export function AlertTicker({ max = 4 }: { max?: number }) {
  const { t, lang } = useLang();
  const alerts = useUi((s) => s.alerts);
  const site = useUi((s) => s.site);
  const kpi = useUi((s) => s.kpi);
  const active = alerts.filter((a) => a.clearedAt === undefined).sort(bySeverity);
  const zones = site?.timezones ?? { vn: 7, cn: 8 };
  // Never "no alerts" while a crossing is not ok: its status stands in until its alert arrives.
  const notOk = kpi && site && active.length === 0 ? kpiSummary(kpi, site).rows.filter((r) => r.status !== 'ok') : [];
  return (
    <section className="ticker" data-testid="alerts">
      <span className="ticker-title">{t('alerts.title')}</span>
      {active.length === 0 && notOk.length === 0 ? <span className="ticker-none">{t('alerts.none')}</span> : null}
      {notOk.map((r) => (
        <span key={r.crossing} className={`alert alert-${r.status === 'critical' ? 'critical' : 'warning'}`}>
          {t('status.notOk', { where: shortName(site!.crossings.find((c) => c.id === r.crossing)!.name[lang]), level: t(`status.level.${r.status}`) })}
        </span>
      ))}
      {active.slice(0, max).map((a) => {
        const w = alertWords(a, t, lang, site);
        return (
          <span key={a.id} className={`alert alert-${a.severity}`} title={`${w.detail}${w.whereTitle ? ` — ${w.whereTitle}` : ''}`}>
            <b>{siteTime(lang, a.raisedAt, zones)}</b> {w.kind}
            {w.where ? ` · ${w.where}` : ''}
          </span>
        );
      })}
      {active.length > max ? <span className="ticker-more">{t('alerts.more', { count: active.length - max })}</span> : null}
    </section>
  );
}
