import { defaultEngineConfig, initialMemory, runEngine } from '../../engine';
import { recordedPolicy, type PolicyName, type Site, type WhatIfRequest, type WhatIfResult, type WhatIfRun } from '../../protocol';
import { listRecordings } from '../../recorder/dayFile';
import { RecordingReader } from '../../recorder/reader';
import { twinAt } from '../../recorder/restore';
import { SqliteRecorder } from '../../recorder/sqliteRecorder';
import { stillWaiting } from '../../sim/headless';
import { loadScenario, type Scenario } from '../../sim/scenario';
import { summarise } from '../../sim/summary';
import { engineInput, QueueHistory } from '../../twin/engineInput';
import { runRecorded } from '../recordedRun';
import { extractArrivals } from './arrivals';
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
    const actual = recordedRun(reader, recordedSite, meta.configuration ?? 'today', policyRecorded, start, end);
    const { site, configuration } = whatIfSite(job.baseSite, recordedSite, meta.configuration ?? 'today', req);
    const policy = req.policy ?? policyRecorded;
    const scenario = scenarioFor(meta.scenario, job.scenariosDir);
    const recording = nextName(job.dir, req.day);
    const rec = new SqliteRecorder(job.dir, { recording, restore: false, meta: { configuration, policy, scenario: scenario.id } });
    const run = runRecorded(site, scenario, { policy, arrivals, start, hours, recorder: rec, commitEveryS: 10 });
    await rec.close();
    const result: WhatIfResult = {
      day: req.day, recording, arrivals: arrivals.length, start, end,
      actual, whatif: { configuration, policy, kpi: run.kpi, figures: run.day }, wallMs: 0,
    };
    if (req.baseline) {
      const base = runRecorded(recordedSite, scenario, { policy: policyRecorded, arrivals, start, hours });
      result.baseline = { configuration: meta.configuration ?? 'today', policy: policyRecorded, kpi: base.kpi, figures: base.day };
    }
    result.wallMs = Math.round(performance.now() - wall0);
    return result;
  } finally {
    reader.close();
  }
}

/** The recorded day's own figures: the twin at its end, and one engine run on it for the KPIs. */
function recordedRun(reader: RecordingReader, site: Site, configuration: string, policy: PolicyName, start: number, end: number): WhatIfRun {
  const { twin } = twinAt(reader, site, end);
  const out = runEngine(engineInput(twin, site, end, defaultEngineConfig(policy), new QueueHistory()), initialMemory());
  return { configuration, policy, kpi: out.kpi, figures: summarise(twin.cleared, start, end + 1, stillWaiting(twin)) };
}

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
