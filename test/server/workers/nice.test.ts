import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NICE } from '../../../server/workers/spawn';

// In a fresh Node process (as server/index.ts runs it first thing): the runtime's helper threads, which V8 also uses to
// collect the readers' garbage, go below the ingest thread; the ingest thread and the threads it starts later keep
// its priority (the recorder and readers then take their own).
const script = `
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { niceRuntimeHelpers } from ${JSON.stringify(new URL('../../../server/workers/nice.mjs', import.meta.url).href)};
const niceOf = (tid) => Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
const main = readlinkSync('/proc/thread-self').split('/').pop();
const helpers = readdirSync('/proc/self/task').filter((t) => t !== main);
const before = helpers.map(niceOf);
const changed = niceRuntimeHelpers(Number(process.argv[1]));
const after = helpers.map(niceOf);
const known = new Set(readdirSync('/proc/self/task'));
const w = new Worker('setInterval(() => {}, 1000)', { eval: true });
await new Promise((resolve) => w.once('online', resolve));
const started = readdirSync('/proc/self/task').filter((t) => !known.has(t)).map(niceOf);
await w.terminate();
console.log(JSON.stringify({ changed, helpers: helpers.length, before, after, main: niceOf(main), started }));
`;

describe.runIf(process.platform === 'linux')('the runtime’s helper threads', () => {
  it('run below the ingest thread, which keeps its priority and passes it on to the threads it starts later', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, String(NICE.helpers)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { changed: number; helpers: number; before: number[]; after: number[]; main: number; started: number[] };
    // V8 starts its platform workers (4 by default) before any script runs: they were at the process's priority.
    expect(out.helpers).toBeGreaterThanOrEqual(4);
    expect(out.before.every((n) => n === out.main)).toBe(true);
    expect(out.changed).toBe(out.helpers);
    expect(out.after).toEqual(out.before.map(() => NICE.helpers));
    expect(out.main).toBeLessThan(NICE.helpers);
    expect(out.started.length).toBeGreaterThan(0);
    expect(out.started.every((n) => n === out.main)).toBe(true);
    expect(NICE.helpers).toBeGreaterThan(0);
    expect(NICE.helpers).toBeLessThan(NICE.background);
  });
});
