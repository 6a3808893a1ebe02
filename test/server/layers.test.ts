import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering (protocol ← engine ← twin ← stream ← ingest / broadcast / recorder / replay / sim ← http / scale ← app) is enforced
// by eslint.config.js: an import back up is a lint error. These probes hold the rules to that.
const eslint = new ESLint({ cwd: process.cwd() });
const errorsOf = async (filePath: string, from: string): Promise<string[]> => {
  const [r] = await eslint.lintText(`import type { X } from '${from}';\nexport type Y = X;\n`, { filePath });
  return r!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

describe('import boundaries between the layers', () => {
  it.each([
    ['server/engine/probe.ts', '../twin/twin'],
    ['server/twin/probe.ts', '../ingest/pipeline'],
    ['server/twin/probe.ts', '../http/kit'],
    ['server/ingest/probe.ts', '../scale/mqttBridge'],
    ['server/ingest/probe.ts', '../http/routes'],
    ['server/recorder/probe.ts', '../replay/session'],
    ['server/replay/probe.ts', '../http/recordingRoutes'],
    ['server/replay/probe.ts', '../live'],
    ['server/security/probe.ts', '../ingest/pipeline'],
    ['server/security/probe.ts', '../recorder/recorder'],
    ['server/limits/probe.ts', '../security/edge'],
    ['server/devices/probe.ts', '../app'],
    ['server/engine/probe.ts', '../stream/core'],
    ['server/twin/probe.ts', '../stream/frames'],
    ['server/stream/probe.ts', '../replay/session'],
    ['server/stream/probe.ts', '../ingest/pipeline'],
    ['server/stream/probe.ts', '../live'],
    ['server/broadcast/probe.ts', '../live'],
    ['server/broadcast/probe.ts', '../http/kit'],
    ['server/sim/probe.ts', '../replay/session'],
    ['server/sim/probe.ts', '../recorder/recorder'],
    ['server/scale/probe.ts', '../app'],
  ])('%s may not import %s', async (file, from) => {
    expect(await errorsOf(file, from)).not.toEqual([]);
  }, 30_000);

  it.each([
    ['server/twin/probe.ts', '../engine/types'],
    ['server/ingest/probe.ts', '../twin/twin'],
    ['server/ingest/probe.ts', '../security/edge'],
    ['server/http/probe.ts', '../ingest/ingestFn'],
    ['server/devices/probe.ts', '../ingest/commands'],
    ['server/stream/probe.ts', '../twin/twin'],
    ['server/replay/probe.ts', '../stream/core'],
    ['server/sim/probe.ts', '../stream/core'],
    ['server/broadcast/probe.ts', '../stream/frames'],
    ['server/scale/probe.ts', '../live'],
  ])('%s may import %s', async (file, from) => {
    expect(await errorsOf(file, from)).toEqual([]);
  }, 30_000);
});
