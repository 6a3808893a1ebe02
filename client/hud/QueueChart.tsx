import { dayOf, dayStartMs, fmtNumber } from '../i18n/format';
import { otherNames, shortName } from '../i18n/names';
import { siteTime, zoneCaption } from '../i18n/siteTime';
import { useLang } from '../i18n/useLang';
import { CROSSING_COLORS } from '../scene/palette';
import { queueOverDay, SLOTS, SLOTS_PER_HOUR } from '../state/kpiSeries';
import { useForecast } from '../state/forecastStore';
import { freightCrossings, useSeries } from '../state/seriesStore';
import { useUi } from '../state/uiStore';
import { LineChart, type BandSeries } from './charts/LineChart';
import { dayBands, pastNote } from './forecast/forecastView';

const X_TICKS = [0, 3, 6, 9, 12, 15, 18, 21, 24].map((h) => ({ i: h * SLOTS_PER_HOUR, label: String(h).padStart(2, '0') }));
const SLOT_MS = 3_600_000 / SLOTS_PER_HOUR;
const colorAt = (i: number) => CROSSING_COLORS[i % CROSSING_COLORS.length]!;

/** Queued vehicles at each freight crossing over the day (5-minute samples, local time), then the forecast's band to midnight. */
export function QueueChart() {
  const { t, lang } = useLang();
  const site = useUi((s) => s.site);
  const kpiTs = useUi((s) => s.kpi?.ts);
  const series = useSeries((s) => s.series);
  // The series is updated in place: subscribing to its version re-renders the chart with each sample.
  useSeries((s) => s.version);
  const forecast = useForecast((s) => s.forecast);
  const past = useForecast((s) => s.past);
  // In replay the band is what the forecast said at the instant jumped to, beside what then happened.
  const replaying = useUi((s) => s.replay !== null && s.replay !== undefined);
  if (!site) return null;
  const crossings = series?.crossings ?? freightCrossings(site);
  const lines = (series?.crossings ?? []).map((id, i) => {
    const c = site.crossings.find((x) => x.id === id)!;
    return { id, label: shortName(c.name[lang]), title: otherNames(c.name, lang), color: colorAt(i), values: queueOverDay(series!, i) };
  });
  const dayStart = series?.dayStart ?? (forecast ? dayStartMs(dayOf(forecast.from, site.timezones.vn), site.timezones.vn) : NaN);
  const bands: BandSeries[] = dayBands(forecast, crossings, dayStart, SLOTS, SLOT_MS).map((b) => ({ id: b.id, color: colorAt(b.index), ...b.band }));
  const now = kpiTs !== undefined && Number.isFinite(dayStart) ? (kpiTs - dayStart) / SLOT_MS : undefined;
  const note = replaying ? pastNote(past, bands.length > 0 ? forecast : null) : null;
  return (
    <figure className="panel-chart">
      <figcaption>
        {t('chart.queue')} <span className="muted small" data-testid="chart-zone">· {zoneCaption(lang, site.timezones)}</span>
        {note || bands.length > 0 ? (
          <span className="muted small" data-testid="chart-queue-forecast" {...(replaying && past ? { 'data-past': past.status } : {})}>
            {' · '}
            {note ? t(note.key, { time: siteTime(lang, note.at, site.timezones), error: note.error }) : t('forecast.bandNote')}
          </span>
        ) : null}
      </figcaption>
      {series || bands.length > 0 ? null : <div className="muted small">{t('chart.noData')}</div>}
      <LineChart testId="chart-queue" ariaLabel={t('chart.queue')} slots={SLOTS} xTicks={X_TICKS} series={lines} bands={bands} {...(now !== undefined ? { now } : {})} yFormat={(v) => fmtNumber(lang, v)} />
    </figure>
  );
}
