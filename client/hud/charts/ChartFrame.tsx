import type { ReactNode } from 'react';
import { niceTicks } from './chartMath';

/** The charts' drawing box (SVG units; the SVG scales to its panel) and the margins around the plot. */
export const W = 380;
export const H = 150;
export const PAD = { l: 38, r: 8, t: 8, b: 20 };

/**
 * What every chart shares: the panel, its SVG with the fixed y axis (grid lines and labels from zero to `max`),
 * the x axis line, and the colour keys of its series under it. Each chart draws its own marks as children.
 */
export function ChartFrame({ max, y, yFormat, ariaLabel, testId, series, children }: {
  max: number;
  y: (v: number) => number;
  yFormat: (v: number) => string;
  ariaLabel: string;
  testId?: string | undefined;
  series: readonly { id: string; label: string; color: string; title?: string }[];
  children: ReactNode;
}) {
  return (
    <div className="chart" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={ariaLabel} className="chart-svg">
        {niceTicks(0, max, 4).map((v) => (
          <g key={v}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={PAD.l - 4} y={y(v) + 4} className="chart-tick" textAnchor="end">
              {yFormat(v)}
            </text>
          </g>
        ))}
        {children}
        <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} className="chart-axis" />
      </svg>
      <ChartLegend series={series} />
    </div>
  );
}

/** Colour keys of a chart's series. */
export function ChartLegend({ series }: { series: readonly { id: string; label: string; color: string; title?: string }[] }) {
  return (
    <div className="chart-legend">
      {series.map((s) => (
        <span key={s.id} className="key" title={s.title}>
          <i style={{ background: s.color }} />
          {s.label}
        </span>
      ))}
    </div>
  );
}
