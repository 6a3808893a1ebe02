import type { CrossingFigures, LeverChange } from '../../../server/protocol/crossing';
import type { WhatIfResult } from '../../../server/protocol/replay';
import { fmtNumber } from '../../i18n/format';
import { useLang } from '../../i18n/useLang';
import { FigureTable } from '../FigureTable';

/** Which levers a what-if changed, and how cargo crossed on each run: time in zone, transload hours, cost. */
export function CrossingResult({ result }: { result: WhatIfResult }) {
  const { t, lang } = useLang();
  const n = (v: number, d = 0) => fmtNumber(lang, v, d);
  const runs: [string, CrossingFigures | undefined][] = [
    [t('whatif.actual'), result.actual.crossing],
    ...(result.baseline ? [[t('levers.baseline'), result.baseline.crossing] as [string, CrossingFigures | undefined]] : []),
    [t('whatif.result'), result.whatif.crossing],
  ];
  const rows: [string, (c: CrossingFigures) => string][] = [
    [t('levers.timeInZone'), (c) => t('levers.hours', { value: n(c.timeInZoneMeanH, 1) })],
    [t('levers.timeInZoneP95'), (c) => t('levers.hours', { value: n(c.timeInZoneP95H, 1) })],
    [t('levers.transload'), (c) => n(c.transloadHoursPerTruck, 1)],
    [t('levers.cost'), (c) => n(c.costPerTruckCny)],
    [t('levers.thirdCountryThrough'), (c) => `${n(c.thirdCountry.droveThrough)} / ${n(c.thirdCountry.trucks)}`],
    [t('levers.labMean'), (c) => n(c.inspection.labMeanH, 1)],
  ];
  return (
    <div className="whatif-result crossing-result" data-testid="crossing-result">
      <div className="levers-changed" data-testid="levers-changed">
        <strong>{t('levers.changed')}:</strong> {result.levers.length === 0 ? t('levers.none') : result.levers.map((l) => leverText(l, t)).join(' · ')}
      </div>
      <FigureTable corner={t('whatif.metric')} columns={runs.map(([name, c]) => ({ key: name, label: name, figures: c }))} rows={rows} />
    </div>
  );
}

function leverText(l: LeverChange, t: (k: string) => string): string {
  const value = (v: string) => (v === 'true' ? t('levers.on') : v === 'false' ? t('levers.off') : v);
  return `${t(`levers.lever.${l.lever}`)}${l.target ? ` (${l.target})` : ''}: ${value(l.from)} → ${value(l.to)}`;
}
