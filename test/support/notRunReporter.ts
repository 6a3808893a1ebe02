import type { Reporter, TestModule } from 'vitest/node';

/** The tests skipped with a reason (`ctx.skip(note)`), as lines `file › test: reason`. */
export function notRunLines(modules: ReadonlyArray<TestModule>): string[] {
  const lines: string[] = [];
  for (const m of modules) {
    for (const t of m.children.allTests()) {
      const r = t.result();
      if (r.state === 'skipped' && r.note) lines.push(`${m.relativeModuleId} › ${t.fullName}: ${r.note.replace(/^not run: /, '')}`);
    }
  }
  return lines;
}

/**
 * Ends the run's summary with the tests that did not run and why (a service this machine lacks, say), so a green
 * run on a laptop does not read as if every test ran. Runs beside vitest's default reporter.
 */
export default class NotRunReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines = notRunLines(modules);
    if (lines.length === 0) return;
    process.stdout.write(`\n Not run (${lines.length}), for a reason:\n${lines.map((l) => `   - ${l}`).join('\n')}\n\n`);
  }
}
