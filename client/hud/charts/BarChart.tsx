import { ChartFrame, H, PAD, W } from './ChartFrame';
import { niceMax, scaleLinear, stack, totals } from './chartMath';

/** One stacked series of a bar chart. */
export interface BarSeries {
  id: string;
  label: string;
  /** Hover text for the legend entry (e.g. the name in the other languages). */
  title?: string;
  color: string;
  values: ArrayLike<number>;
}

/** A horizontal reference line (a target) across the chart. */
export interface RefLine {
  value: number;
  label: string;
  color: string;
}

/** Props of a stacked bar chart drawn as plain SVG. */
export interface BarChartProps {
  categories: readonly string[];
  /** Show every n-th category label. */
  labelEvery?: number;
  series: readonly BarSeries[];
  /** Categories drawn lighter (incomplete data, e.g. an hour not watched from its start). */
  partial?: readonly boolean[];
  refs?: readonly RefLine[];
  /** A vertical mark before category `index` (e.g. the 2-hour line of a wait histogram). */
  mark?: { index: number; label: string; color: string };
  yFormat: (v: number) => string;
  ariaLabel: string;
  testId?: string;
}


/** Stacked bars with a fixed, labelled y axis and target lines; text in the page font, sized for the panel. */
export function BarChart({ categories, labelEvery = 1, series, partial, refs = [], mark, yFormat, ariaLabel, testId }: BarChartProps) {
  const n = categories.length;
  const tops = totals(series.map((s) => s.values), n);
  const max = niceMax(tops, refs.map((r) => r.value));
  const y = scaleLinear(0, max, H - PAD.b, PAD.t);
  const band = (W - PAD.l - PAD.r) / Math.max(1, n);
  const x = (i: number) => PAD.l + i * band;
  const stacks = stack(series.map((s) => s.values), n);
  return (
    <ChartFrame max={max} y={y} yFormat={yFormat} ariaLabel={ariaLabel} testId={testId} series={series}>
      {stacks.map((segs, si) =>
        segs.map(([a, b], i) =>
          b > a ? (
            <rect key={`${series[si]!.id}:${i}`} x={x(i) + band * 0.12} width={band * 0.76} y={y(b)} height={Math.max(0.5, y(a) - y(b))} fill={series[si]!.color} opacity={partial?.[i] ? 0.45 : 1} />
          ) : null,
        ),
      )}
      {categories.map((c, i) =>
        i % labelEvery === 0 ? (
          <text key={c} x={x(i) + band / 2} y={H - 5} className="chart-tick" textAnchor="middle">
            {c}
          </text>
        ) : null,
      )}
      {mark ? (
        <g>
          <line x1={x(mark.index)} x2={x(mark.index)} y1={PAD.t} y2={H - PAD.b} stroke={mark.color} strokeWidth={1.5} strokeDasharray="4 3" />
          <text x={x(mark.index) + 3} y={PAD.t + 10} className="chart-ref" fill={mark.color}>
            {mark.label}
          </text>
        </g>
      ) : null}
      {refs.map((r, i) => (
        <g key={r.label}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(r.value)} y2={y(r.value)} stroke={r.color} strokeWidth={1.5} strokeDasharray="6 4" />
          {/* Labels alternate ends so two close targets do not write over each other. */}
          <text x={i % 2 ? PAD.l + 3 : W - PAD.r - 2} y={y(r.value) < PAD.t + 12 ? y(r.value) + 12 : y(r.value) - 3} className="chart-ref" fill={r.color} textAnchor={i % 2 ? 'start' : 'end'}>
            {r.label}
          </text>
        </g>
      ))}
    </ChartFrame>
  );
}
