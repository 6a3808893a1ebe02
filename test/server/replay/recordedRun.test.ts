import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordingReader } from '../../../server/recorder/reader';
import { SqliteRecorder } from '../../../server/recorder/sqliteRecorder';
import { runRecorded } from '../../../server/replay/recordedRun';
import { extractArrivals } from '../../../server/replay/whatif/arrivals';
import { runHeadless } from '../../../server/sim/headless';
import { loadScenario, scenarioSite } from '../../../server/sim/scenario';
import { buildSite } from '../../support/builders';
import { SIM_START } from '../../support/simRecording';

const scenario = loadScenario('normal');
const site = scenarioSite(buildSite(), scenario);

describe('runRecorded', () => {
  it('recording does not change the day runHeadless simulates, and every simulated message is recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatetwin-run-'));
    try {
      const rec = new SqliteRecorder(dir);
      const opts = { start: SIM_START, hours: 0.25 };
      const recorded = runRecorded(site, scenario, { ...opts, recorder: rec });
      await rec.close();
      const plain = runHeadless(site, scenario, opts);
      expect(recorded.day).toEqual(plain.day);
      expect(recorded.kpi).toEqual(plain.kpi);
      expect(recorded.messages).toBe(plain.messages);
      const reader = new RecordingReader(dir, '2026-06-01');
      expect(reader.summary()).toMatchObject({ messages: plain.messages, firstTs: SIM_START });
      expect(reader.keyframes().length).toBeGreaterThan(0);

      // The recorded day's arrivals: the morning's initial queue at the start, every later truck at its first report.
      const { arrivals, start } = extractArrivals(reader);
      const trucks = new Set<string>();
      reader.cursor(0).take(Infinity, (m) => (m.kind === 'truck' ? trucks.add(m.id) : undefined));
      reader.close();
      const queued = arrivals.filter((a) => a.queued);
      const initial = Object.values(scenario.initialQueue).reduce((n, q) => n + q.export + q.import, 0);
      expect(start).toBe(SIM_START);
      expect(queued.length).toBe(initial);
      expect(queued.every((a) => a.at === SIM_START)).toBe(true);
      expect(arrivals.length).toBe(trucks.size);
      expect(arrivals.every((a, i) => i === 0 || a.at >= arrivals[i - 1]!.at)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
