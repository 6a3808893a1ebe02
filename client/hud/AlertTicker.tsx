import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { siteTime } from '../i18n/siteTime';
import { shortName } from '../i18n/names';
import { useLang } from '../i18n/useLang';
import { useUi } from '../state/uiStore';
import { alertLine, alertWords, byUrgency } from './alertText';
import { kpiSummary } from './kpiSummary';
import { useSteadyHeight } from './useSteadyHeight';

/**
 * Active alerts, most severe first and then the most trucks behind each first (`byUrgency`): the wall's "something needs a human" line. Each alert by time, kind, place and
 * direction (the critical one's detail has its own banner); the line may wrap to two rows, then a count of the rest.
 * As many chips as fit in those rows, in the page's language and at the wall's size: measured before the strip is
 * painted, dropping chips from the end until the last one and the count sit inside it (Vietnamese chips are long:
 * four of them took three rows, and the strip clipped the third).
 */
export function AlertTicker({ max = 4 }: { max?: number }) {
  const { t, lang } = useLang();
  const alerts = useUi((s) => s.alerts);
  const site = useUi((s) => s.site);
  const kpi = useUi((s) => s.kpi);
  // While the picture is not live (frames stopped, or the connection is down) nobody knows whether there are alerts:
  // the strip says so instead of a green "no alerts" under the stale banner.
  const live = useUi((s) => !s.stale && s.conn === 'connected');
  const active = byUrgency(alerts.filter((a) => a.clearedAt === undefined), kpi);
  const zones = site?.timezones ?? { vn: 7, cn: 8 };
  // Never "no alerts" while a crossing is not ok: its status stands in until its alert arrives.
  const notOk = kpi && site && active.length === 0 ? kpiSummary(kpi, site).rows.filter((r) => r.status !== 'ok') : [];
  const ref = useRef<HTMLElement>(null);
  // One row or two as alerts come and go: the strip holds its taller height, so the scene above keeps its size.
  useSteadyHeight(ref, lang);
  // How many chips fit, for these alerts and this count of the rest in this language; anything else starts again
  // from `max`.
  const key = `${lang}|${active.length}|${active.slice(0, max).map((a) => a.id).join()}`;
  const [fit, setFit] = useState({ key: '', shown: max, pass: 0 });
  const shown = fit.key === key ? fit.shown : max;
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && shown > 1 && el.scrollHeight > el.clientHeight + 1) setFit((f) => ({ key, shown: shown - 1, pass: f.pass }));
  }, [key, shown, fit.pass]);
  // A wider or narrower strip, or a font that arrived (the words change width): fit again from `max`.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let width = el.clientWidth;
    const again = () => setFit((f) => ({ key: '', shown: max, pass: f.pass + 1 }));
    const ro = new ResizeObserver(() => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      again();
    });
    ro.observe(el);
    document.fonts.addEventListener('loadingdone', again);
    return () => {
      ro.disconnect();
      document.fonts.removeEventListener('loadingdone', again);
    };
  }, [max]);
  return (
    <section ref={ref} className="ticker" data-testid="alerts">
      <span className="ticker-title">{t('alerts.title')}</span>
      {active.length === 0 && notOk.length === 0 ? (
        live ? (
          <span className="ticker-none">{t('alerts.none')}</span>
        ) : (
          <span className="ticker-unknown" data-testid="alerts-unknown">
            {t('alerts.unknown')}
          </span>
        )
      ) : null}
      {notOk.map((r) => (
        <span key={r.crossing} className={`alert alert-${r.status === 'critical' ? 'critical' : 'warning'}`}>
          {t('status.notOk', { where: shortName(site!.crossings.find((c) => c.id === r.crossing)!.name[lang]), level: t(`status.level.${r.status}`) })}
        </span>
      ))}
      {active.slice(0, shown).map((a) => {
        const w = alertWords(a, t, lang, site);
        return (
          <span key={a.id} data-alert={a.id} className={`alert alert-${a.severity}`} title={`${w.detail}${w.whereTitle ? ` — ${w.whereTitle}` : ''}`}>
            <b>{siteTime(lang, a.raisedAt, zones)}</b> {alertLine(w)}
          </span>
        );
      })}
      {active.length > shown ? <span className="ticker-more">{t('alerts.more', { count: active.length - shown })}</span> : null}
    </section>
  );
}
