import { ActionStatus, ErrorLevel, type State } from 'vda-5050-lib';
import { describe, expect, it } from 'vitest';
import { mapFrame, mapFrames } from '../../../server/devices/vda5050/mapFrame';
import { agvStateOf, applyState, newVdaVehicle, toAgvMessage } from '../../../server/devices/vda5050/mapping';
import { planMission } from '../../../server/devices/vda5050/orders';
import type { AgvMissionCommand } from '../../../server/protocol';
import { buildSite } from '../../support/builders';

const site = buildSite();
const hn = site.corridors.find((c) => c.id === 'hn-agv')!;
const frame = mapFrame(hn, hn.vda5050!);
const buildState = (over: Partial<State> = {}): State =>
  ({
    headerId: 1, timestamp: '2026-06-01T01:00:00.000Z', version: '2.0.0', manufacturer: 'M', serialNumber: 'S-1', orderId: '', orderUpdateId: 0, lastNodeId: '',
    lastNodeSequenceId: 0, nodeStates: [], edgeStates: [], driving: false, actionStates: [], batteryState: { batteryCharge: 80, charging: false }, operatingMode: 'AUTOMATIC',
    errors: [], safetyState: { eStop: 'NONE', fieldViolation: false }, loads: [], ...over,
  }) as State;

describe('VDA 5050 map frames', () => {
  it('declares a map for each AGV corridor of the site, none for the rail option', () => {
    expect([...mapFrames(site.corridors).keys()].sort()).toEqual(['hn-agv', 'tt-agv']);
  });

  it('puts the map origin on the corridor start and x along the corridor towards its end', () => {
    const [lat0, lon0] = hn.path[0]!;
    const [lat1, lon1] = hn.path.at(-1)!;
    const o = frame.toWorld(0, 0);
    expect(o.lat).toBeCloseTo(lat0, 9);
    expect(o.lon).toBeCloseTo(lon0, 9);
    const end = frame.toMap(lat1, lon1);
    expect(Math.abs(end.y)).toBeLessThan(0.005 * end.x); // the rotation follows the start→end direction (within 0.3°)
    expect(end.x).toBeGreaterThan(1_000);
  });

  it.each([[0], [0.5], [-1.2], [3]])('round-trips poses and headings (theta %f)', (theta) => {
    const w = frame.toWorld(123.4, -56.7, theta);
    const back = frame.toMap(w.lat, w.lon);
    expect(back.x).toBeCloseTo(123.4, 3);
    expect(back.y).toBeCloseTo(-56.7, 3);
    expect(Math.cos(frame.thetaOf(w.heading) - theta)).toBeCloseTo(1, 9);
  });
});

describe('VDA 5050 state → AGV state', () => {
  it.each([
    ['idle', {}],
    ['fault', { errors: [{ errorType: 'x', errorLevel: ErrorLevel.Fatal }] }],
    ['idle', { errors: [{ errorType: 'x', errorLevel: ErrorLevel.Warning }] }],
    ['charging', { batteryState: { batteryCharge: 20, charging: true } }],
    ['to-pickup', { driving: true }],
    ['to-pickup', { orderId: 'o', nodeStates: [{ nodeId: 'n', sequenceId: 2, released: true }] }],
    ['loaded', { driving: true, loads: [{ loadId: 'C1' }] }],
    ['unloading', { loads: [{ loadId: 'C1' }], actionStates: [{ actionId: 'a', actionType: 'drop', actionStatus: ActionStatus.Running }] }],
    ['loaded', { loads: [{ loadId: 'C1' }], actionStates: [{ actionId: 'a', actionType: 'drop', actionStatus: ActionStatus.Finished }] }],
  ] as [string, Partial<State>][])('%s for %j', (want, over) => {
    expect(agvStateOf(buildState(over))).toBe(want);
  });

  it('maps battery, container and pose into one ingest message with twin id = serialNumber', () => {
    const v = newVdaVehicle('M', 'S-1');
    applyState(v, buildState({ agvPosition: { x: 0, y: 0, theta: 0, mapId: 'hn-agv', positionInitialized: true }, velocity: { vx: 3, vy: 4 }, loads: [{ loadId: 'MSKU1234567' }] }));
    const m = toAgvMessage(v, frame, 9, 1_780_000_000_000)!;
    expect(m).toMatchObject({ kind: 'agv', id: 'S-1', seq: 9, battery: 0.8, speed: 5, state: 'loaded', container: 'MSKU1234567', lat: hn.path[0]![0] });
    expect(m.heading).toBeCloseTo((90 - (hn.vda5050!.rotation * 180) / Math.PI + 360) % 360, 6);
  });

  it('places nothing without an initialized position', () => {
    const v = newVdaVehicle('M', 'S-1');
    applyState(v, buildState({ agvPosition: { x: 0, y: 0, theta: 0, mapId: 'hn-agv', positionInitialized: false } }));
    expect(toAgvMessage(v, frame, 1, 1_780_000_000_000)).toBeUndefined();
  });
});

describe('missions → VDA 5050 orders', () => {
  const cmd = (over: Partial<AgvMissionCommand> = {}): AgvMissionCommand => ({
    type: 'agv:mission', commandId: 'mission:S-1:1', agv: 'S-1', mission: 'carry', corridor: 'hn-agv', from: hn.from, to: hn.to, issuedAt: 1, ...over,
  });
  let n = 0;
  const opts = { orderId: 'o-1', actionId: () => `a${++n}`, loadType: 'EPAL' };
  const end = frame.toMap(hn.path.at(-1)![0], hn.path.at(-1)![1]);

  it('a carry from where the vehicle stands: pick at the first node, every corridor point, drop at the last', () => {
    const plan = planMission(cmd({ container: 'C-1' }), site, frame, { mapId: 'hn-agv', x: 0.5, y: 0, lastNodeId: 'x' }, opts);
    if (!plan.ok || !plan.order) throw new Error('expected an order');
    const { nodes, edges } = plan.order;
    expect(nodes.map((x) => x.nodeId)).toEqual(hn.path.map((_, i) => `hn-agv-${i}`));
    expect(nodes.map((x) => x.sequenceId)).toEqual(hn.path.map((_, i) => 2 * i));
    expect(edges.map((e) => [e.startNodeId, e.endNodeId, e.sequenceId])).toEqual(hn.path.slice(1).map((_, i) => [`hn-agv-${i}`, `hn-agv-${i + 1}`, 2 * i + 1]));
    expect(nodes[0]!.actions[0]).toMatchObject({ actionType: 'pick', actionParameters: expect.arrayContaining([{ key: 'loadId', value: 'C-1' }]) });
    expect(nodes.at(-1)!.actions.map((a) => a.actionType)).toEqual(['drop']);
    expect(edges[0]!.maxSpeed).toBeCloseTo(hn.speedLimitKmh / 3.6, 9);
  });

  it('a carry starting away from the pickup end drives there first from a node where it stands', () => {
    const plan = planMission(cmd(), site, frame, { mapId: 'hn-agv', x: end.x - 300, y: 40, lastNodeId: 'here' }, opts);
    if (!plan.ok || !plan.order) throw new Error('expected an order');
    const ids = plan.order.nodes.map((x) => x.nodeId);
    expect(ids[0]).toBe('here');
    expect(ids.at(-1)).toBe(`hn-agv-${hn.path.length - 1}`);
    expect(plan.order.nodes.findIndex((x) => x.actions.some((a) => a.actionType === 'pick'))).toBe(ids.indexOf('hn-agv-0'));
  });

  it('a charge at the charger end is an instant action, a charge away from it an order first', () => {
    const charger = site.chargers.find((c) => c.yard === hn.to)?.id ?? hn.to;
    expect(planMission(cmd({ mission: 'charge', from: charger, to: charger }), site, frame, { mapId: 'hn-agv', ...end, lastNodeId: '' }, opts)).toEqual({ ok: true, order: undefined, charge: true });
    const far = planMission(cmd({ mission: 'charge', from: charger, to: charger }), site, frame, { mapId: 'hn-agv', x: 0, y: 0, lastNodeId: '' }, opts);
    expect(far.ok && far.order && far.charge).toBeTruthy();
  });

  it.each([
    ['another map', { mapId: 'tt-agv', x: 0, y: 0, lastNodeId: '' }, cmd()],
    ['another corridor', { mapId: 'hn-agv', x: 0, y: 0, lastNodeId: '' }, cmd({ corridor: 'tt-agv' })],
    ['not its ends', { mapId: 'hn-agv', x: 0, y: 0, lastNodeId: '' }, cmd({ from: 'bao-nguyen' })],
  ])('refuses a mission on %s', (_why, pose, c) => {
    expect(planMission(c, site, frame, pose, opts).ok).toBe(false);
  });
});
