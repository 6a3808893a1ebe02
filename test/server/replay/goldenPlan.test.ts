import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planHash } from '../../../server/engine';
import type { Plan, Site } from '../../../server/protocol';
import { RecordingReader } from '../../../server/recorder/reader';
import { ReplaySession, type ReplayOutput } from '../../../server/replay/session';
import { buildSimRecording, SIM_START } from '../../support/simRecording';

// The golden plan hashes of a recorded fixture (the simulator's `normal` morning, seeded, recorded through the real
// recorder), replayed on a fake wall clock. A change to the engine, the twin, the recorder or replay that changes
// any decision changes a hash. When the change is meant, regenerate with GOLDEN_UPDATE=1 and say why in the commit.
const GOLDEN = join(process.cwd(), 'test', 'golden', 'replayPlanHashes.json');
const INSTANTS_MIN = [5, 12, 20, 29];

let dir: string;
let site: Site;
let day: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-golden-'));
  ({ site, day } = await buildSimRecording(dir, 30, 'normal', { keyframeMinMs: 120_000 }));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Seeks a fresh session to each instant and keeps the plan it sends there, serialised. */
function plansAt(): { at: string; hash: string; json: string }[] {
  let last: Plan | undefined;
  const out: ReplayOutput = { hello: () => {}, frame: () => {}, kpi: () => {}, plan: (p) => (last = p), alert: () => {}, changed: () => {} };
  const s = new ReplaySession(new RecordingReader(dir, day), out, { role: 'viewer', site, wall: () => 0 });
  s.open();
  return INSTANTS_MIN.map((min) => {
    last = undefined;
    s.control({ action: 'seek', to: SIM_START + min * 60_000 });
    if (!last) throw new Error(`no plan after seeking to minute ${min}`);
    return { at: `+${min} min`, hash: planHash(last), json: JSON.stringify(last) };
  });
}

describe('golden: replaying a recorded fixture gives the same plans, byte for byte', () => {
  it('matches the stored plan hashes, and two replays give identical plan bytes', () => {
    const a = plansAt();
    const b = plansAt();
    expect(b.map((p) => p.json)).toEqual(a.map((p) => p.json));
    const hashes = Object.fromEntries(a.map((p) => [p.at, p.hash]));
    if (process.env.GOLDEN_UPDATE === '1' || !existsSync(GOLDEN)) {
      if (process.env.GOLDEN_UPDATE !== '1') throw new Error(`no golden file ${GOLDEN}: run with GOLDEN_UPDATE=1 to write it`);
      writeFileSync(GOLDEN, JSON.stringify(hashes, null, 2) + '\n');
    }
    expect(hashes).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
    // Plans with decisions in them, not empty ones that would match whatever the engine does.
    expect(a.every((p) => (JSON.parse(p.json) as Plan).assignments.length + (JSON.parse(p.json) as Plan).missions.length > 0)).toBe(true);
  }, 120_000);
});
