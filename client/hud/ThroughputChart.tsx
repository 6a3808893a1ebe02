import { fmtNumber } from '../i18n/format';
import { otherNames, shortName } from '../i18n/names';
import { zoneCaption } from '../i18n/siteTime';
import { useLang } from '../i18n/useLang';
import { CROSSING_COLORS, TARGET_COLORS } from '../scene/palette';
import { HOURS, throughputPerHour } from '../state/kpiSeries';
import { useSeries } from '../state/seriesStore';
import { useUi } from '../state/uiStore';
import { BarChart } from './charts/BarChart';
import { crossingTargets, siteTargets } from './targets';

const HOUR_LABELS = Array.from({ length: HOURS }, (_, h) => String(h).padStart(2, '0'));

/** Vehicles cleared per hour (local time), stacked by freight crossing, against the 2027 and 2030 rates. */
export function ThroughputChart() {
  const { t, lang } = useLang();
  const site = useUi((s) => s.site);
  const series = useSeries((s) => s.series);
  // The series is updated in place: subscribing to its version re-renders the chart with each sample.
  useSeries((s) => s.version);
  if (!site) return null;
  const bars = series ? throughputPerHour(series) : [];
  const targets = siteTargets(crossingTargets(site));
  const partial = HOUR_LABELS.map((_, h) => bars.some((b) => b[h]!.partial && Number.isFinite(b[h]!.value)));
  const data = (series?.crossings ?? []).map((id, i) => {
    const c = site.crossings.find((x) => x.id === id)!;
    return { id, label: shortName(c.name[lang]), title: otherNames(c.name, lang), color: CROSSING_COLORS[i % CROSSING_COLORS.length]!, values: bars[i]!.map((b) => b.value) };
  });
  return (
    <figure className="panel-chart">
      <figcaption>
        {t('chart.throughput')} <span className="muted small" data-testid="chart-zone">· {zoneCaption(lang, site.timezones)}</span>
      </figcaption>
      {series ? null : <div className="muted small">{t('chart.noData')}</div>}
      <BarChart
        testId="chart-throughput"
        ariaLabel={t('chart.throughput')}
        categories={HOUR_LABELS}
        labelEvery={3}
        series={data}
        partial={partial}
        refs={[
          { value: targets.perHour2027, label: t('chart.target2027', { value: fmtNumber(lang, targets.t2027) }), color: TARGET_COLORS.t2027 },
          { value: targets.perHour2030, label: t('chart.target2030', { value: fmtNumber(lang, targets.t2030) }), color: TARGET_COLORS.t2030 },
        ]}
        yFormat={(v) => fmtNumber(lang, v)}
      />
      <p className="chart-note">{t('chart.throughputNote')}</p>
    </figure>
  );
}
