import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './types';

// `npm run bench [-- name…]`: runs every benchmark module in this folder (or those whose name starts with one of
// the arguments) and prints one JSON line per figure. Ratios are always against a baseline of the same run.
const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && f !== 'types.ts')
  .map((f) => f.slice(0, -3))
  .filter((name) => only.length === 0 || only.some((o) => name.startsWith(o)));

let failed = 0;
for (const name of modules) {
  const mod = (await import(join(here, `${name}.ts`))) as { run?: () => Promise<BenchResult[]> };
  if (typeof mod.run !== 'function') continue;
  try {
    for (const r of await mod.run()) console.log(JSON.stringify(r));
  } catch (e) {
    failed++;
    console.error(`bench ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
