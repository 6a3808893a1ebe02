import { useEffect, useState } from 'react';
import type { SmartGateComparison, SmartGateRun } from '../../server/protocol/crossing';
import type { Site } from '../../server/protocol/site';
import { LanguageSwitch } from '../hud/LanguageSwitch';
import { FigureTable } from '../hud/FigureTable';
import { fmtNumber } from '../i18n/format';
import { useLang } from '../i18n/useLang';
import { getJson } from '../net/http';
import { RailAgvComparison } from '../scene/RailAgvComparison';

/**
 * The smart-gate comparison (`/compare?token=…`): ground AGVs and the overhead rail on the rail's corridor and the
 * same day's containers (or the corridor's design load), figure by figure, both drawn in 3D in their corridor.
 */
export function Compare({ site, token }: { site: Site; token: string }) {
  const { t, lang } = useLang();
  const [demand, setDemand] = useState<'day' | 'design'>('day');
  const [data, setData] = useState<SmartGateComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void getJson<SmartGateComparison>(`/api/compare/smart-gate?demand=${demand}`, token).then((r) => {
      if (!live) return;
      if (r.ok) setData(r.data);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [demand, token]);
  const n = (v: number, d = 0) => fmtNumber(lang, v, d);
  const rows: [string, (r: SmartGateRun) => string][] = [
    [t('compare.perHour'), (r) => `${n(r.peakPerHour)} / ${n(r.capacityPerHour)}`],
    [t('compare.yardToYard'), (r) => t('compare.minutes', { mean: n(r.yardToYardMeanMin, 1), p95: n(r.yardToYardP95Min, 1) })],
    [t('compare.fleet'), (r) => `${n(r.fleet)} · ${r.vehiclesNeeded === null ? t('compare.noFleet') : t('compare.needed', { count: n(r.vehiclesNeeded) })}`],
    [t('compare.energy'), (r) => t('compare.kwh', { perContainer: n(r.energyKwhPerContainer, 1), day: n(r.energyKwhDay) })],
    [t('compare.footprint'), (r) => t('compare.m2', { value: n(r.footprintM2) })],
    [t('compare.fault'), (r) => t(`compare.fault_${r.kind}`, { minutes: n(r.fault.minutes), left: n(r.fault.capacityLeft * 100), delayed: n(r.fault.delayedContainers), max: n(r.fault.maxDelayMin, 1) })],
  ];
  return (
    <div className="app compare">
      <header className="compare-header">
        <h1>{t('compare.title')}</h1>
        <div className="compare-demand" role="group">
          {(['day', 'design'] as const).map((d) => (
            <button key={d} type="button" className={d === demand ? 'on' : ''} aria-pressed={d === demand} onClick={() => setDemand(d)} data-testid={`compare-demand-${d}`}>
              {t(`compare.demand_${d}`)}
            </button>
          ))}
        </div>
        <LanguageSwitch />
      </header>
      <div className="compare-body">
        <div className="compare-stage">
          <RailAgvComparison site={site} agvs={data?.agv.fleet ?? 6} carriers={data?.rail.fleet ?? 6} />
          <div className="compare-tag left">{t('compare.agv')}</div>
          <div className="compare-tag right">{t('compare.rail')}</div>
        </div>
        <section className="compare-figures" data-testid="compare-figures" data-demand={data?.demand ?? ''}>
          {error ? <div className="card-error">{error}</div> : null}
          {data ? (
            <>
              <p className="muted">{t('compare.intro', { length: n(data.lengthM / 1000, 1), containers: n(data.demandPerDay) })}</p>
              <FigureTable
                columns={[
                  { key: 'agv', label: t('compare.agv'), className: 'agv', figures: data.agv, cellTestId: (label) => `agv-${label}` },
                  { key: 'rail', label: t('compare.rail'), className: 'rail', figures: data.rail },
                ]}
                rows={rows}
              />
              <p className="muted small">{t('compare.sources')}</p>
            </>
          ) : null}
        </section>
      </div>
    </div>
  );
}
