import { dirname, join } from 'node:path';
import { defaultEngineConfig } from '../../engine';
import { runOnce } from '../../stream/core';
import { CrossingLedger } from '../../engine/crossingLedger';
import type { CrossingSetup } from '../../engine/crossingModes';
import { recordedPolicy, type PolicyName, type Site, type Telemetry, type WhatIfRequest, type WhatIfResult, type WhatIfRun } from '../../protocol';
import { listRecordings } from '../../recorder/dayFile';
import { RecordingReader } from '../../recorder/reader';
import { twinAt } from '../../recorder/restore';
import { SqliteRecorder } from '../../recorder/sqliteRecorder';
import { loadCrossingRules, scenarioCrossingSetup } from '../../sim/crossingRules';
import { stillWaiting } from '../../sim/headless';
import { loadScenario, type Scenario } from '../../sim/scenario';
import { summarise } from '../../sim/summary';
import { runRecorded } from '../recordedRun';
import { extractArrivals } from './arrivals';
import { crossingLevers, hasCrossingLevers, leverChanges } from './levers';
import { WhatIfError, whatIfSite } from './whatifSite';

/** Everything a what-if run needs, as plain data (it crosses into a worker thread). */
export interface WhatIfJob {
  dir: string;
  request: WhatIfRequest;
  /** The site model before any configuration, for requests that name another configuration. */
  baseSite: Site;
  /** The live site, for recordings that do not hold their own. */
  site: Site;
  scenariosDir: string;
}

/**
 * Re-runs a recorded day's truck arrivals through the simulator and the engine under the requested changes,
 * faster than real time, recording the run as `<day>~whatif-<n>`; returns its KPIs beside the recorded day's.
 */
export async function runWhatIf(job: WhatIfJob): Promise<WhatIfResult> {
  const wall0 = performance.now();
  const req = job.request;
  const reader = new RecordingReader(job.dir, req.day);
  try {
    const meta = reader.meta();
    const recordedSite = meta.site ?? job.site;
    const policyRecorded = recordedPolicy(meta.policy);
    const { arrivals, start, end } = extractArrivals(reader);
    const hours = (end - start) / 3_600_000;
    if (hours * 3600 < 10) throw new WhatIfError(`recording ${req.day} spans only ${Math.round(hours * 3600)} s`);
    const recordedConfiguration = meta.configuration ?? 'today';
    const scenario = scenarioFor(meta.scenario, job.scenariosDir);
    const rules = loadCrossingRules(join(dirname(job.scenariosDir), 'crossing-modes.json'));
    const recordedSetup = scenarioCrossingSetup(rules, recordedSite, scenario, recordedConfiguration);
    const actual = recordedRun(reader, recordedSite, recordedConfiguration, policyRecorded, start, end, recordedSetup);
    const { site, configuration } = whatIfSite(job.baseSite, recordedSite, recordedConfiguration, req);
    const policy = req.policy ?? policyRecorded;
    // Crossing levers run the crossing model in the simulator (modes in the lanes, sampling at the vehicle); the
    // baseline then runs it too under the recorded day's rules, so the levers' effect is what-if minus baseline.
    const crossingModel = hasCrossingLevers(req);
    const runSetup = scenarioCrossingSetup(rules, site, scenario, configuration, { levers: crossingLevers(req), inspectionCentre: req.inspectionCentre ?? false });
    const recording = nextName(job.dir, req.day);
    const rec = new SqliteRecorder(job.dir, { recording, restore: false, meta: { configuration, policy, scenario: scenario.id } });
    const ledger = new CrossingLedger();
    const run = runRecorded(site, scenario, {
      policy, arrivals, start, hours, recorder: rec, commitEveryS: 10, onMessages: follow(ledger),
      // The engine holds perishables for sampling at the vehicle unless the centre samples them after clearance.
      ...(crossingModel ? { crossing: runSetup, engine: { inspectionCentre: runSetup.inspectionCentre } } : {}),
    });
    await rec.close();
    const result: WhatIfResult = {
      day: req.day, recording, arrivals: arrivals.length, start, end,
      actual, whatif: { configuration, policy, kpi: run.kpi, figures: run.day, crossing: ledger.figures(runSetup, start, end + 1) }, wallMs: 0,
      levers: leverChanges(req, { site: recordedSite, configuration: recordedConfiguration, policy: policyRecorded, setup: recordedSetup }),
    };
    if (req.baseline || crossingModel) {
      const baseLedger = new CrossingLedger();
      const base = runRecorded(recordedSite, scenario, { policy: policyRecorded, arrivals, start, hours, onMessages: follow(baseLedger), ...(crossingModel ? { crossing: recordedSetup, engine: { inspectionCentre: recordedSetup.inspectionCentre } } : {}) });
      result.baseline = { configuration: recordedConfiguration, policy: policyRecorded, kpi: base.kpi, figures: base.day, crossing: baseLedger.figures(recordedSetup, start, end + 1) };
    }
    result.wallMs = Math.round(performance.now() - wall0);
    return result;
  } finally {
    reader.close();
  }
}

/** The recorded day's own figures: the twin at its end, one engine run on it for the KPIs, its trucks' crossings. */
function recordedRun(reader: RecordingReader, site: Site, configuration: string, policy: PolicyName, start: number, end: number, setup: CrossingSetup): WhatIfRun {
  const { twin } = twinAt(reader, site, end);
  const out = runOnce(site, twin, end, defaultEngineConfig(policy));
  return { configuration, policy, kpi: out.kpi, figures: summarise(twin.cleared, start, end + 1, stillWaiting(twin)), crossing: recordedCrossings(reader, setup, start, end) };
}

/** The recorded trucks' crossings: those queued at the first keyframe, then every truck message after it. */
function recordedCrossings(reader: RecordingReader, setup: CrossingSetup, start: number, end: number) {
  const ledger = new CrossingLedger();
  const first = reader.keyframes()[0];
  if (first) {
    for (const t of reader.loadKeyframe(first.id).trucks) {
      if (t.queuedAt !== undefined) ledger.seed({ id: t.id, crossing: t.crossing, cargo: t.cargo, perishable: t.perishable, ...(t.enteredLaneAt !== undefined ? { enteredLaneAt: t.enteredLaneAt } : {}), ...(t.crossedAt !== undefined ? { crossedAt: t.crossedAt } : {}) }, t.queuedAt);
    }
  }
  reader.cursor(first?.pos ?? 0).take(Infinity, (m) => {
    if (m.kind === 'truck') ledger.observe(m);
  });
  return ledger.figures(setup, start, end + 1);
}

/** Feeds a step's truck messages to a ledger. */
const follow = (ledger: CrossingLedger) => (msgs: readonly Telemetry[]) => {
  for (const m of msgs) if (m.kind === 'truck') ledger.observe(m);
};

/** The scenario the day was simulated under (weather, AGV demand, incidents), or `normal` for real days. */
function scenarioFor(id: string | undefined, dir: string): Scenario {
  try {
    return loadScenario(id ?? 'normal', dir);
  } catch {
    return loadScenario('normal', dir);
  }
}

/** `<day>~whatif-<n>` with the next free n. */
function nextName(dir: string, day: string): string {
  const used = listRecordings(dir)
    .filter((r) => r.kind === 'whatif' && r.day === day)
    .map((r) => Number(r.name.split('~whatif-')[1]));
  return `${day}~whatif-${Math.max(0, ...used) + 1}`;
}
