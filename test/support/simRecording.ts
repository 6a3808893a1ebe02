import { SqliteRecorder, type SqliteRecorderOptions } from '../../server/recorder/sqliteRecorder';
import { runRecorded } from '../../server/replay/recordedRun';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { buildSite } from './builders';

/** Start of the simulated recordings tests replay: 2026-06-01 06:00 local. */
export const SIM_START = Date.parse('2026-06-01T06:00:00+07:00');

/** Records `minutes` of a simulated scenario into `dir` through the real recorder, as live would; returns the site. */
export async function buildSimRecording(dir: string, minutes: number, scenarioId = 'normal', opts: SqliteRecorderOptions = {}) {
  const scenario = loadScenario(scenarioId);
  const site = scenarioSite(buildSite(scenario.configuration), scenario);
  const rec = new SqliteRecorder(dir, { meta: { configuration: scenario.configuration, policy: 'default', scenario: scenario.id }, ...opts });
  const run = runRecorded(site, scenario, { start: SIM_START, hours: minutes / 60, recorder: rec });
  await rec.close();
  return { site, scenario, run, day: '2026-06-01' };
}
