import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { runEngine } from '../../server/engine';
import type { EngineInput, EngineMemory } from '../../server/engine/types';
import type { Alert, Command, Telemetry } from '../../server/protocol';
import { buildAgvMessage, buildSensorMessage } from '../support/builders';
import { connect, startServer, TOKENS, waitFor, type Harness } from './harness';

// Issue 12, item 2 with a real server and clients: an engine that throws on one AGV (while it reports idle) keeps
// planning the others in the same tick, names the AGV in an alert, and lets it back in when its data changes.
const open: Harness[] = [];
afterAll(async () => {
  for (const h of open) await h.close();
});
const breaksOnIdleBad = (input: EngineInput, memory: EngineMemory) => {
  if (input.agvs.some((a) => a.id === 'BAD-AGV' && a.state === 'idle')) throw new TypeError("Cannot read properties of undefined (reading 'mission')");
  return runEngine(input, memory);
};
const TERMINAL = { lat: 21.994235, lon: 106.731407 };

describe('a bad entity cannot stop the engine', () => {
  it('the AGV that breaks every tick is left out with an alert naming it; the other gets its mission; it returns when its data changes', async () => {
    const h = await startServer({ engine: breaksOnIdleBad, engineMs: 150 });
    open.push(h);
    const device = await connect(h.url, '/ingest', TOKENS.device);
    const viewer = await connect(h.url, '/twin', TOKENS.viewer);
    const missions: Command[] = [];
    const goodMission = new Promise<Command>((resolve) => {
      device.on('command', (c: Command, reply: (r: unknown) => void) => {
        reply({ ok: true, data: undefined });
        missions.push(c);
        if (c.type === 'agv:mission' && c.agv === 'GOOD-AGV') resolve(c);
      });
    });
    const raised = waitFor<Alert>(viewer, 'alert', (a) => a.kind === 'entity-quarantined' && a.clearedAt === undefined, 10_000);
    let seq = 0;
    const send = (batch: Telemetry[]) => (device as Socket).timeout(5_000).emitWithAck('telemetry', batch);
    const ts = Date.now();
    await send([
      buildAgvMessage({ id: 'BAD-AGV', seq: ++seq, ts, ...TERMINAL, state: 'idle', battery: 0.95, speed: 0 }),
      buildAgvMessage({ id: 'GOOD-AGV', seq: ++seq, ts, ...TERMINAL, state: 'idle', battery: 0.95, speed: 0 }),
      buildSensorMessage({ id: 'TERM-Q', seq: ++seq, ts, type: 'queue', lane: undefined, zone: 'youyiguan-terminal', value: 4, unit: 'containers' }),
    ]);
    const alert = await raised;
    expect(alert).toMatchObject({ id: 'entity-quarantined:agv:BAD-AGV', severity: 'warning', subject: 'BAD-AGV', params: { entity: 'agv', id: 'BAD-AGV' } });
    expect(String(alert.params.message)).toContain('mission');
    await goodMission;
    expect(missions.filter((c) => c.type === 'agv:mission').map((c) => (c.type === 'agv:mission' ? c.agv : ''))).not.toContain('BAD-AGV');
    // No tick failed: the bad AGV was found and left out within the tick.
    expect(h.app.live.counters.engineErrors).toBe(0);
    expect(h.app.live.alerts.has('engine-error')).toBe(false);
    expect(h.app.live.alerts.get('entity-quarantined:agv:BAD-AGV')).toBeDefined();

    // New data (it went to charge): it is planned again and the alert clears.
    const cleared = waitFor<Alert>(viewer, 'alert', (a) => a.id === 'entity-quarantined:agv:BAD-AGV' && a.clearedAt !== undefined, 10_000);
    await send([buildAgvMessage({ id: 'BAD-AGV', seq: ++seq, ts: Date.now(), ...TERMINAL, state: 'charging', battery: 0.5, speed: 0 })]);
    await cleared;
    expect(h.app.live.isolation.quarantined()).toEqual([]);
    device.close();
    viewer.close();
  }, 30_000);
});
