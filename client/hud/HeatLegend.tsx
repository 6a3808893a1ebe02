import { CARGO_CODES, AGV_STATE_CODES } from '../../server/protocol/frameCodec';
import { useState } from 'react';
import { useLang } from '../i18n/useLang';
import { AGV_STATE_COLORS, CARGO_COLORS, densityCss, HEAT_MAX, LANE_COLORS, PERISHABLE_COLOR } from '../scene/palette';

/** Tick values of the fixed congestion scale. */
export const HEAT_TICKS = [0, 1.5, 3, 4.5, HEAT_MAX] as const;

/** The fixed heat scale (0 … ≥ 6 vehicles per 100 m) and the vehicle colour keys. */
export function HeatLegend({ vehicles = true }: { vehicles?: boolean }) {
  const { t } = useLang();
  // Folded by default where it has a key of every colour (exec): it opens on demand and never hides a yard.
  const [open, setOpen] = useState(false);
  if (vehicles && !open) {
    return (
      <aside className="legend legend-folded" data-testid="legend" data-occludes>
        <button type="button" className="legend-toggle" aria-expanded={false} onClick={() => setOpen(true)} title={t('scene.legendShow')}>
          {t('scene.legend')} ▸
        </button>
      </aside>
    );
  }
  const gradient = `linear-gradient(to right, ${HEAT_TICKS.map((v) => `${densityCss(v)} ${(v / HEAT_MAX) * 100}%`).join(', ')})`;
  return (
    <aside className="legend" data-testid="legend" data-occludes>
      <div className="legend-title">{t('legend.heat')}</div>
      <div className="legend-bar" style={{ background: gradient }} />
      <div className="legend-ticks">
        {HEAT_TICKS.map((v) => (
          <span key={v} style={{ left: `${(v / HEAT_MAX) * 100}%` }}>
            {v === HEAT_MAX ? `≥${v}` : v}
          </span>
        ))}
      </div>
      {vehicles ? (
        <>
          <button type="button" className="legend-toggle legend-close" aria-expanded onClick={() => setOpen(false)} title={t('scene.legendHide')}>
            ◂
          </button>
          <div className="legend-title">{t('legend.trucks')}</div>
          <div className="legend-keys">
            <Key color={PERISHABLE_COLOR} label={t('legend.perishable')} strong />
            {CARGO_CODES.map((c) => <Key key={c} color={CARGO_COLORS[c]} label={t(`cargo.${c}`)} />)}
          </div>
          <div className="legend-title">{t('legend.agvs')}</div>
          <div className="legend-keys">
            {AGV_STATE_CODES.map((s) => <Key key={s} color={AGV_STATE_COLORS[s]} label={t(`agvState.${s}`)} />)}
          </div>
          <div className="legend-title">{t('legend.lanes')}</div>
          <div className="legend-keys">
            {(['export', 'import', 'reversible'] as const).map((d) => <Key key={d} color={LANE_COLORS[d]} label={t(`direction.${d}`)} />)}
            <Key color={LANE_COLORS.closed} label={t('lane.closed')} />
          </div>
        </>
      ) : null}
    </aside>
  );
}

function Key({ color, label, strong = false }: { color: string; label: string; strong?: boolean }) {
  return (
    <span className={`key${strong ? ' key-strong' : ''}`}>
      <i style={{ background: color }} />
      {label}
    </span>
  );
}
