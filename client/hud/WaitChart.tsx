import { useEffect, useState } from 'react';
import { fmtDuration, fmtNumber } from '../i18n/format';
import { useLang } from '../i18n/useLang';
import { poll } from '../net/poll';
import { currentSource } from '../net/connection';
import { PERISHABLE_COLOR } from '../scene/palette';
import { useUi } from '../state/uiStore';
import { BarChart } from './charts/BarChart';
import { meanP95, PERISHABLE_LIMIT_BIN, WAIT_EDGES, waitBins } from './waitBins';

/** How often the waiting trucks are fetched (ms): a snapshot is a few hundred kB, waits change by minutes. */
const REFRESH_MS = 10_000;
const OTHER_COLOR = '#7d93ab';

type Bins = ReturnType<typeof waitBins>;

/** Histogram of how long the trucks waiting now have waited, perishable loads on top, with the 2-hour line. */
export function WaitChart() {
  const { t, lang } = useLang();
  const connected = useUi((s) => s.conn === 'connected');
  const position = useUi((s) => s.replay?.position);
  const [bins, setBins] = useState<Bins | null>(null);
  useEffect(() => {
    if (!connected) return;
    return poll((alive) =>
      void currentSource()
        ?.snapshot()
        .then((r) => {
          if (alive() && r.ok && Array.isArray(r.data.trucks)) setBins(waitBins(r.data));
        }), REFRESH_MS);
    // A replay jump changes the day under us: fetch again at the new position.
  }, [connected, position]);
  const labels = WAIT_EDGES.map((a, i) => {
    const b = WAIT_EDGES[i + 1];
    if (b === undefined) return t('chart.binOver', { a: fmtNumber(lang, a / 60) });
    return b <= 60 ? t('chart.binMin', { a: fmtNumber(lang, a), b: fmtNumber(lang, b) }) : t('chart.binHour', { a: fmtNumber(lang, a / 60), b: fmtNumber(lang, b / 60) });
  });
  const stats = bins ? meanP95(bins.waits) : null;
  return (
    <figure className="panel-chart">
      <figcaption>{t('chart.waits')}</figcaption>
      <div className="muted small">
        {bins && stats ? t('chart.waitsNote', { count: fmtNumber(lang, bins.count), mean: fmtDuration(lang, stats.mean), p95: fmtDuration(lang, stats.p95) }) : t('chart.noData')}
      </div>
      <BarChart
        testId="chart-waits"
        ariaLabel={t('chart.waits')}
        categories={labels}
        series={[
          { id: 'other', label: t('chart.other'), color: OTHER_COLOR, values: bins?.other ?? [] },
          { id: 'perishable', label: t('chart.perishable'), color: PERISHABLE_COLOR, values: bins?.perishable ?? [] },
        ]}
        mark={{ index: PERISHABLE_LIMIT_BIN, label: t('chart.perishableLimit'), color: PERISHABLE_COLOR }}
        yFormat={(v) => fmtNumber(lang, v)}
      />
    </figure>
  );
}
