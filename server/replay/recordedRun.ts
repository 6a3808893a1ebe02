import type { EngineOutput } from '../engine/types';
import { HISTORY_BUCKET_MS, type Kpi, type Site, type Telemetry } from '../protocol';
import type { SqliteRecorder } from '../recorder/sqliteRecorder';
import { runHeadless, type HeadlessOptions } from '../sim/headless';
import type { Scenario } from '../sim/scenario';
import type { DaySummary } from '../sim/summary';
import { KpiHistoryBook } from '../twin/kpiHistory';
import type { Twin } from '../twin/twin';

export interface RecordedRunOptions extends Omit<HeadlessOptions, 'hashEvents' | 'onStart' | 'onStep'> {
  /** Records the run as live would: every message, keyframes of the twin, plans and alerts. */
  recorder?: SqliteRecorder;
  /** Simulated seconds between group commits of the recorder. */
  commitEveryS?: number;
  /** Sees each step's messages (after the twin applied them), e.g. to follow trucks' crossing modes. */
  onMessages?: (msgs: readonly Telemetry[]) => void;
}

export interface RecordedRunResult {
  kpi: Kpi;
  start: number;
  end: number;
  messages: number;
  twin: Twin;
  day: DaySummary;
}

/**
 * `runHeadless` with a recorder: the same loop (world step → twin → engine every few seconds → commands back
 * to the world), with each step's messages appended to the recorder after the twin applied them, as the ingest
 * does live, and the engine's plans, alerts and 5-minute KPI buckets recorded as LiveHub records them (so the
 * recorded day's history, `GET /api/kpi/history?day=`, has its buckets).
 */
export function runRecorded(site: Site, scenario: Scenario, opts: RecordedRunOptions = {}): RecordedRunResult {
  const rec = opts.recorder;
  const commitEvery = Math.max(1, Math.round((opts.commitEveryS ?? 1) / (opts.stepS ?? 1)));
  let clock = 0;
  let lastHash = '';
  const book = rec ? new KpiHistoryBook(site.timezones.vn, (buckets) => rec.event(buckets[0]!.t + HISTORY_BUCKET_MS, 'kpi-bucket', buckets)) : undefined;
  const r = runHeadless(site, scenario, {
    ...opts,
    onStart: (twin) => rec?.attach({ twin, now: () => clock }),
    onStep: (batch, now, i) => {
      clock = now;
      opts.onMessages?.(batch);
      if (!rec) return;
      if (batch.length > 0) void rec.append(batch).catch(() => undefined);
      if (i % commitEvery === 0) rec.flush();
    },
    onEngine: (out, now) => {
      if (rec) lastHash = recordOutputs(rec, out, now, lastHash);
      book?.add(out.kpi);
      opts.onEngine?.(out, now);
    },
  });
  rec?.flush();
  return { kpi: r.kpi, start: r.start, end: r.end, messages: r.messages, twin: r.twin, day: r.day };
}

/**
 * What LiveHub records of an engine run: a plan summary when the plan changed, and alerts raised or cleared.
 * The plan's size stands in for LiveHub's full plan hash, which would cost more than the rest of the run.
 */
function recordOutputs(rec: SqliteRecorder, out: EngineOutput, now: number, lastHash: string): string {
  const hash = `${out.plan.assignments.length}/${out.plan.missions.length}/${out.plan.laneDirections.length}`;
  if (hash !== lastHash) rec.event(now, 'plan', { assignments: out.plan.assignments.length, missions: out.plan.missions.length });
  for (const a of [...out.raised, ...out.cleared]) rec.event(now, 'alert', a);
  return hash;
}
