import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { runRecorded } from '../../server/replay/recordedRun';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { buildSite } from './builders';

/** Noon on the recorded fruit-peak day, when the afternoon's fruit trucks start to pile up at Tân Thanh. */
export const PEAK_START = Date.parse('2026-06-15T12:00:00+07:00');

/** Records `minutes` of the fruit-peak scenario from noon into `dir`, as the live server would; returns the day. */
export async function buildPeakRecording(dir: string, minutes: number): Promise<{ day: string }> {
  const scenario = loadScenario('fruit-peak');
  const site = scenarioSite(buildSite(scenario.configuration), scenario);
  const rec = new SqliteRecorder(dir, { meta: { configuration: scenario.configuration, policy: 'default', scenario: scenario.id } });
  runRecorded(site, scenario, { start: PEAK_START, hours: minutes / 60, recorder: rec });
  await rec.close();
  return { day: '2026-06-15' };
}
