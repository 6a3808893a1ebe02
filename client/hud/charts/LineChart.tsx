import { bandPath } from '../forecast/forecastView';
import { ChartFrame, H, PAD, W } from './ChartFrame';
import { linePath, niceMax, scaleLinear } from './chartMath';

/** One line of a line chart: a value per slot, NaN where nothing was seen. */
export interface LineSeries {
  id: string;
  label: string;
  title?: string;
  color: string;
  values: ArrayLike<number>;
}

/** A forecast drawn after the lines: a shaded p10–p90 band and a dashed median, per slot (NaN outside it). */
export interface BandSeries {
  id: string;
  color: string;
  p10: ArrayLike<number>;
  p50: ArrayLike<number>;
  p90: ArrayLike<number>;
}

/** Props of a line chart over a fixed number of slots (e.g. 288 five-minute slots of a day). */
export interface LineChartProps {
  slots: number;
  xTicks: readonly { i: number; label: string }[];
  series: readonly LineSeries[];
  /** Forecast bands continuing the lines (the executive's queue chart). */
  bands?: readonly BandSeries[];
  /** Slot of "now", drawn as a thin vertical line. */
  now?: number;
  yFormat: (v: number) => string;
  ariaLabel: string;
  testId?: string;
}


/** Lines over the day with a fixed y axis starting at zero, gaps where no data was seen. */
export function LineChart({ slots, xTicks, series, bands = [], now, yFormat, ariaLabel, testId }: LineChartProps) {
  const all: number[] = [];
  for (const s of series) for (let i = 0; i < s.values.length; i++) all.push(s.values[i]!);
  for (const b of bands) for (let i = 0; i < b.p90.length; i++) all.push(b.p90[i]!);
  const max = niceMax(all);
  const y = scaleLinear(0, max, H - PAD.b, PAD.t);
  const x = scaleLinear(0, slots, PAD.l, W - PAD.r);
  return (
    <ChartFrame max={max} y={y} yFormat={yFormat} ariaLabel={ariaLabel} testId={testId} series={series}>
      {xTicks.map((t) => (
        <text key={t.i} x={x(t.i)} y={H - 5} className="chart-tick" textAnchor="middle">
          {t.label}
        </text>
      ))}
      {now !== undefined && now >= 0 && now <= slots ? <line x1={x(now)} x2={x(now)} y1={PAD.t} y2={H - PAD.b} className="chart-now" /> : null}
      {bands.map((b) => (
        <g key={b.id} data-band={b.id}>
          <path d={bandPath(b.p10, b.p90, (i) => x(i + 0.5), y)} fill={b.color} fillOpacity={0.3} stroke="none" className="chart-band" />
          <path d={linePath(b.p50, (i) => x(i + 0.5), y)} fill="none" stroke={b.color} strokeWidth={1.5} strokeDasharray="4 3" />
        </g>
      ))}
      {series.map((s) => (
        <path key={s.id} d={linePath(s.values, (i) => x(i + 0.5), y)} fill="none" stroke={s.color} strokeWidth={2} strokeLinejoin="round" />
      ))}
    </ChartFrame>
  );
}
