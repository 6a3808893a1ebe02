import { useState } from 'react';
import type { DayFigures, WhatIfRequest, WhatIfResult } from '../../../server/protocol/replay';
import { POLICY_NAMES, PolicyNameSchema } from '../../../server/protocol/policy';
import { idRecord, ownValue, type IdRecord } from '../../../server/protocol/idRecord';
import type { Lang } from '../../i18n/i18n';
import { fmtDuration, fmtNumber } from '../../i18n/format';
import { otherNames, shortName } from '../../i18n/names';
import { useLang } from '../../i18n/useLang';
import { postJson } from '../../net/http';
import { useUi } from '../../state/uiStore';
import { CrossingResult } from './CrossingResult';
import { emptyLevers, LeverFields, withLevers } from './LeverFields';

/** Props: the page token, and what to do to replay the what-if run's recording. */
export interface WhatIfPanelProps {
  token: string;
  onOpen: (recording: string) => void;
}

const truckLanes = (lanes: readonly { classes: readonly string[] }[]) => lanes.filter((l) => l.classes.includes('truck')).length;

/** What-if: change lanes, AGVs, policy or configuration for the day shown, run it, and compare with the actual day. */
export function WhatIfPanel({ token, onOpen }: WhatIfPanelProps) {
  const { t, lang } = useLang();
  const site = useUi((s) => s.site);
  const status = useUi((s) => s.replay);
  const role = useUi((s) => s.hello?.role);
  const [form, setForm] = useState<{ configuration: string; lanes: IdRecord<number>; agvs: IdRecord<number>; policy: string; rail: boolean }>(() => ({ configuration: '', lanes: idRecord(), agvs: idRecord(), policy: '', rail: false }));
  const [levers, setLevers] = useState(emptyLevers);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<WhatIfResult | null>(null);
  if (!site || !status) return null;
  const day = status.day.slice(0, 10);
  const operator = role === 'operator' || role === 'admin';
  const freight = site.crossings.filter((c) => c.kind === 'freight');
  const corridors = site.corridors.filter((c) => c.kind === 'agv');
  const run = async () => {
    const req: WhatIfRequest = { day };
    if (form.configuration) req.configuration = form.configuration;
    if (Object.keys(form.lanes).length) req.lanes = form.lanes;
    if (Object.keys(form.agvs).length) req.agvs = form.agvs;
    const policy = PolicyNameSchema.safeParse(form.policy);
    if (policy.success) req.policy = policy.data;
    if (form.rail) req.rail = true;
    setBusy(true);
    setError(null);
    const r = await postJson<WhatIfResult>('/api/whatif', token, withLevers(req, levers));
    setBusy(false);
    if (r.ok) setResult(r.data);
    else setError(r.error);
  };
  const clamp = (max: number) => (v: string) => Math.max(0, Math.min(max, Math.round(Number(v) || 0)));
  return (
    <section className="whatif" data-testid="whatif">
      <p className="muted small">{t('whatif.intro')}</p>
      <div className="whatif-form">
        <label>
          <span>{t('whatif.configuration')}</span>
          <select value={form.configuration} onChange={(e) => setForm({ ...form, configuration: e.target.value })}>
            <option value="">{t('whatif.keep')}</option>
            {site.configurations.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name[lang]}
              </option>
            ))}
          </select>
        </label>
        {freight.map((c) => (
          <label key={c.id} title={otherNames(c.name, lang)}>
            <span>
              {t('whatif.lanes')} · {shortName(c.name[lang])}
            </span>
            <input type="number" min={0} max={40} placeholder={String(truckLanes(c.lanes))} value={form.lanes[c.id] ?? ''} onChange={(e) => setForm({ ...form, lanes: withValue(form.lanes, c.id, e.target.value, clamp(40)) })} />
          </label>
        ))}
        {corridors.map((c) => (
          <label key={c.id} title={otherNames(c.name, lang)}>
            <span>
              {t('whatif.agvs')} · {c.name[lang]}
            </span>
            <input type="number" min={0} max={200} placeholder={String(ownValue(site.fleets, c.id) ?? 0)} value={form.agvs[c.id] ?? ''} onChange={(e) => setForm({ ...form, agvs: withValue(form.agvs, c.id, e.target.value, clamp(200)) })} />
          </label>
        ))}
        <label>
          <span>{t('whatif.policy')}</span>
          <select value={form.policy} onChange={(e) => setForm({ ...form, policy: e.target.value })}>
            <option value="">{t('whatif.keep')}</option>
            {POLICY_NAMES.map((p) => (
              <option key={p} value={p}>
                {t(`policy.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={form.rail} onChange={(e) => setForm({ ...form, rail: e.target.checked })} />
          <span>{t('whatif.rail')}</span>
        </label>
        <LeverFields site={site} form={levers} onChange={setLevers} />
        <button type="button" className="primary" disabled={!operator || busy} onClick={() => void run()} data-testid="whatif-run">
          {busy ? t('whatif.running') : t('whatif.run')}
        </button>
        {operator ? null : <div className="muted small">{t('whatif.operatorOnly')}</div>}
        {error ? <div className="card-error">{t('whatif.failed', { error })}</div> : null}
      </div>
      {result ? <WhatIfTable result={result} lang={lang} onOpen={onOpen} /> : null}
      {result ? <CrossingResult result={result} /> : null}
    </section>
  );
}

function withValue(m: IdRecord<number>, key: string, raw: string, num: (v: string) => number): IdRecord<number> {
  const next = idRecord(m);
  if (raw === '') delete next[key];
  else next[key] = num(raw);
  return next;
}

/** The actual day and the what-if side by side, with the difference. */
function WhatIfTable({ result, lang, onOpen }: { result: WhatIfResult; lang: Lang; onOpen: (recording: string) => void }) {
  const { t } = useLang();
  const site = useUi((s) => s.site);
  const a = result.actual.figures;
  const w = result.whatif.figures;
  const n = (v: number) => fmtNumber(lang, v);
  const d = (v: number) => fmtDuration(lang, v);
  const signed = (v: number, f: (x: number) => string) => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${f(Math.abs(v))}`;
  const rows: [string, number, number, (x: number) => string][] = [
    [t('whatif.cleared'), a.cleared, w.cleared, n],
    [t('whatif.waitMean'), a.waitMeanMin, w.waitMeanMin, d],
    [t('whatif.waitP95'), a.waitP95Min, w.waitP95Min, d],
    [t('whatif.perishableP95'), a.perishableWaitP95Min, w.perishableWaitP95Min, d],
  ];
  if (a.waitingAt20 !== undefined && w.waitingAt20 !== undefined) rows.push([t('whatif.waitingAt20'), a.waitingAt20, w.waitingAt20, n]);
  for (const c of site?.crossings.filter((x) => x.kind === 'freight') ?? []) {
    rows.push([`${t('whatif.cleared')} · ${shortName(c.name[lang])}`, clearedAt(a, c.id), clearedAt(w, c.id), n]);
  }
  return (
    <div className="whatif-result" data-testid="whatif-result">
      <table>
        <thead>
          <tr>
            <th>{t('whatif.metric')}</th>
            <th>{t('whatif.actual')}</th>
            <th>{t('whatif.result')}</th>
            <th>{t('whatif.change')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, x, y, f]) => (
            <tr key={label}>
              <th>{label}</th>
              <td>{f(x)}</td>
              <td>{f(y)}</td>
              <td>{signed(y - x, f)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="muted small">{t('whatif.arrivals', { count: n(result.arrivals), seconds: fmtNumber(lang, result.wallMs / 1000, 1) })}</div>
      <button type="button" onClick={() => onOpen(result.recording)}>
        {t('whatif.openRun')}
      </button>
    </div>
  );
}

const clearedAt = (f: DayFigures, crossing: string): number => f.byCrossing.filter((b) => b.crossing === crossing).reduce((s, b) => s + b.cleared, 0);
