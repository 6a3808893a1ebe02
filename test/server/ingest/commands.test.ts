import { describe, expect, it } from 'vitest';
import { CommandRouter, type CommandTransport } from '../../../server/ingest/commands';
import type { Command, Reply } from '../../../server/protocol';
import { buildAgvMessage, buildSensorMessage, buildTruckMessage, T0 } from '../../support/builders';

/** A transport that answers ok and remembers where each command went. */
class FakeTransport implements CommandTransport {
  readonly delivered: string[] = [];
  deliver(_cmd: Command, address: string): Promise<Reply> {
    this.delivered.push(address);
    return Promise.resolve({ ok: true, data: undefined });
  }
}

const call = (truck: string): Command => ({ type: 'truck:call', commandId: `c-${truck}`, truck, crossing: 'huu-nghi-freight', lane: 'HN-1', at: T0, issuedAt: T0 });

function router(): { r: CommandRouter; socket: FakeTransport; mqtt: FakeTransport } {
  const r = new CommandRouter();
  const socket = new FakeTransport();
  const mqtt = new FakeTransport();
  r.register('socket', socket);
  r.register('mqtt', mqtt);
  return { r, socket, mqtt };
}

describe('CommandRouter learns which device reports each vehicle', () => {
  it('sends a command to the transport and address that reported the vehicle last', async () => {
    const { r, socket, mqtt } = router();
    r.learn([buildTruckMessage({ id: 'T-1' }), buildSensorMessage({ id: 'S-1' })], 'socket:abc');
    expect(await r.send(call('T-1'))).toEqual({ ok: true, data: undefined });
    r.learn([buildTruckMessage({ id: 'T-1', seq: 2 })], 'mqtt:truck/T-1');
    r.learn([buildTruckMessage({ id: 'T-1', seq: 3 })], 'socket:def');
    await r.send(call('T-1'));
    expect(socket.delivered).toEqual(['abc', 'def']);
    expect(mqtt.delivered).toEqual([]);
    // Sensors take no commands: nothing was learned for S-1.
    expect(r.routeOf('S-1')).toBeUndefined();
  });

  it('learns nothing from origins no transport serves', async () => {
    const { r } = router();
    r.learn([buildTruckMessage({ id: 'T-2' })], 'http:import');
    r.learn([buildTruckMessage({ id: 'T-3' })], 'no-colon');
    expect(await r.send(call('T-2'))).toEqual({ ok: false, error: 'no connected device reports T-2' });
    expect(r.routeOf('T-3')).toBeUndefined();
    expect(r.counters.unroutable).toBe(1);
  });

  it('forgets a disconnected socket’s vehicles only, and learns that socket afresh if it reports again', async () => {
    const { r, socket } = router();
    r.learn([buildTruckMessage({ id: 'T-1' }), buildAgvMessage({ id: 'A-1' })], 'socket:abc');
    r.learn([buildTruckMessage({ id: 'T-2' })], 'socket:def');
    r.forget('abc');
    expect(r.routeOf('T-1')).toBeUndefined();
    expect(r.routeOf('A-1')).toBeUndefined();
    expect(r.routeOf('T-2')).toBe('socket');
    r.learn([buildTruckMessage({ id: 'T-1', seq: 2 })], 'socket:abc');
    await r.send(call('T-1'));
    expect(socket.delivered).toEqual(['abc']);
  });

  it('drops the routes through a transport that stops, and learns through it again once it is back', async () => {
    const { r, mqtt } = router();
    r.learn([buildTruckMessage({ id: 'T-1' })], 'mqtt:truck/T-1');
    r.unregister('mqtt');
    expect(r.routeOf('T-1')).toBeUndefined();
    r.learn([buildTruckMessage({ id: 'T-1', seq: 2 })], 'mqtt:truck/T-1');
    expect(r.routeOf('T-1')).toBeUndefined();
    r.register('mqtt', mqtt);
    r.learn([buildTruckMessage({ id: 'T-1', seq: 3 })], 'mqtt:truck/T-1');
    await r.send(call('T-1'));
    expect(mqtt.delivered).toEqual(['truck/T-1']);
  });
});
