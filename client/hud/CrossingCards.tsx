import type { Site } from '../../server/protocol/site';
import type { Kpi } from '../../server/protocol/viewer';
import type { Lang } from '../i18n/i18n';
import { fmtDuration, fmtNumber, fmtPercent } from '../i18n/format';
import { otherNames, shortName } from '../i18n/names';
import { useLang } from '../i18n/useLang';
import { TARGET_COLORS } from '../scene/palette';
import { flyTo, useUi } from '../state/uiStore';
import { kpiSummary, type CrossingSummary } from './kpiSummary';
import { crossingTargets, type CrossingTargets } from './targets';

/** One card per freight crossing: queue, cleared, waits, lanes, and the projected day against the targets. */
export function CrossingCards() {
  const { t } = useLang();
  const kpi = useUi((s) => s.kpi);
  const site = useUi((s) => s.site);
  if (!site) return null;
  if (!kpi) return <div className="muted">{t('kpi.waiting')}</div>;
  const sum = kpiSummary(kpi, site);
  const targets = crossingTargets(site);
  return (
    <div className="crossing-cards" data-testid="crossing-cards">
      {sum.rows.map((r) => (
        <CrossingCard key={r.crossing} site={site} kpi={kpi} row={r} targets={targets.find((x) => x.crossing === r.crossing)!} />
      ))}
    </div>
  );
}

function CrossingCard({ site, kpi, row, targets }: { site: Site; kpi: Kpi; row: CrossingSummary; targets: CrossingTargets }) {
  const { t, lang } = useLang();
  const c = site.crossings.find((x) => x.id === row.crossing)!;
  const n = (v: number) => fmtNumber(lang, v);
  const dir = (d: 'export' | 'import') => kpi.crossings.find((k) => k.crossing === c.id && k.direction === d)?.queue ?? 0;
  const lanes = kpi.lanes.filter((l) => l.crossing === c.id);
  const util = kpi.crossings.filter((k) => k.crossing === c.id);
  const utilisation = util.length ? util.reduce((a, k) => a + k.laneUtilisation, 0) / util.length : 0;
  return (
    <article className="crossing-card" data-crossing={c.id}>
      <header>
        <button type="button" className="linkish crossing-name" title={otherNames(c.name, lang)} onClick={() => flyTo(c.id)}>
          {shortName(c.name[lang])}
        </button>
        <span className="muted small">{t('crossing.markers', { ids: c.markers.join('–') })}</span>
      </header>
      <dl className="crossing-figures">
        <Fig label={t('crossing.queue')} value={`${n(dir('export'))} / ${n(dir('import'))}`} />
        <Fig label={t('crossing.cleared')} value={n(row.cleared)} />
        <Fig label={t('crossing.wait')} value={`${fmtDuration(lang, row.waitMeanMin)} / ${fmtDuration(lang, row.waitP95Min)}`} wide />
        <Fig label={t('crossing.lanes')} value={`${n(lanes.filter((l) => l.open).length)}/${n(lanes.length || c.lanes.length)}`} />
        <Fig label={t('crossing.utilisation')} value={fmtPercent(lang, utilisation)} />
        {row.perishableOver2h > 0 ? <Fig label={t('crossing.perishable')} value={n(row.perishableOver2h)} bad wide /> : null}
      </dl>
      <TargetBar row={row} targets={targets} lang={lang} />
    </article>
  );
}

function Fig({ label, value, bad = false, wide = false }: { label: string; value: string; bad?: boolean; wide?: boolean }) {
  return (
    <div className={`${bad ? 'bad' : ''}${wide ? ' wide' : ''}`.trim() || undefined}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** The projected day on a scale that shows today's capacity, the 2027 range and the 2030 range. */
function TargetBar({ row, targets, lang }: { row: CrossingSummary; targets: CrossingTargets; lang: Lang }) {
  const { t } = useLang();
  if (!targets.t2027 && !targets.t2030) return <div className="muted small">{t('crossing.noTarget')}</div>;
  const top = Math.max(targets.t2030?.[1] ?? 0, targets.t2027?.[1] ?? 0, row.projected ?? 0) * 1.04;
  const pct = (v: number) => `${Math.min(100, (v / top) * 100)}%`;
  const n = (v: number) => fmtNumber(lang, v);
  return (
    <div className="target" title={t('crossing.targetBar')} aria-label={t('crossing.targetBar')}>
      <div className="target-track">
        {targets.t2027 ? <i className="target-band" style={{ left: pct(targets.t2027[0]), width: `calc(${pct(targets.t2027[1])} - ${pct(targets.t2027[0])})`, background: TARGET_COLORS.t2027 }} /> : null}
        {targets.t2030 ? <i className="target-band" style={{ left: pct(targets.t2030[0]), width: `calc(${pct(targets.t2030[1])} - ${pct(targets.t2030[0])})`, background: TARGET_COLORS.t2030 }} /> : null}
        {row.projected !== null ? <i className="target-fill" style={{ width: pct(row.projected) }} /> : null}
        <i className="target-done" style={{ width: pct(row.cleared) }} />
        {targets.today ? <i className="target-today" style={{ left: pct(targets.today) }} /> : null}
      </div>
      <div className="target-legend small">
        <span>
          {t('crossing.projected')}: <b>{row.projected !== null ? n(row.projected) : '—'}</b>
        </span>
        {targets.today ? (
          <span>
            {t('crossing.today')} {n(targets.today)}
          </span>
        ) : null}
        {targets.t2027 ? <span style={{ color: TARGET_COLORS.t2027 }}>2027 {n(targets.t2027[0])}–{n(targets.t2027[1])}</span> : null}
        {targets.t2030 ? <span style={{ color: TARGET_COLORS.t2030 }}>2030 {n(targets.t2030[0])}–{n(targets.t2030[1])}</span> : null}
      </div>
    </div>
  );
}
