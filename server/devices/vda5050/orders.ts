import { BlockingType, type Action, type Edge, type Headerless, type Node, type Order } from 'vda-5050-lib';
import type { AgvMissionCommand, Site } from '../../protocol';
import type { MapFrame } from './mapFrame';

/** Where a VDA 5050 vehicle is: its map pose and last node (from its latest state). */
export interface VdaPose {
  mapId: string;
  x: number;
  y: number;
  lastNodeId: string;
}

/** What a mission becomes in VDA 5050: an order to drive (with pick/drop), and whether to charge at its end. */
export type VdaPlan = { ok: true; order: Headerless<Order> | undefined; charge: boolean } | { ok: false; error: string };

/** A vehicle this close to a corridor point starts its order there (the first node must be where it stands). */
const AT_NODE_M = 10;

/**
 * Turns an `agv:mission` into a VDA 5050 order along the corridor: from where the vehicle stands to the pickup end
 * (`pick` there), along the corridor's points to the drop end (`drop`). `charge` and `park` drive to their end
 * with no load action; a charge is then started with `instantActions` (startCharging).
 */
export function planMission(cmd: AgvMissionCommand, site: Site, frame: MapFrame, pose: VdaPose, opts: { orderId: string; actionId: () => string; loadType: string }): VdaPlan {
  const c = frame.corridor;
  if (c.id !== cmd.corridor) return { ok: false, error: `mission corridor ${cmd.corridor} is not the map's corridor ${c.id}` };
  if (pose.mapId !== frame.mapId) return { ok: false, error: `the vehicle is on map ${pose.mapId}, the mission's corridor on ${frame.mapId}` };
  const pts = c.path.map(([lat, lon]) => frame.toMap(lat, lon));
  const endOf = (place: string): number | undefined => {
    const yard = site.chargers.find((ch) => ch.id === place)?.yard ?? place;
    return yard === c.from ? 0 : yard === c.to ? pts.length - 1 : undefined;
  };
  const from = endOf(cmd.from);
  const to = endOf(cmd.to);
  if (from === undefined || to === undefined) return { ok: false, error: `${cmd.from} → ${cmd.to} are not the ends of corridor ${c.id}` };
  let near = 0;
  pts.forEach((p, i) => {
    if (Math.hypot(p.x - pose.x, p.y - pose.y) < Math.hypot(pts[near]!.x - pose.x, pts[near]!.y - pose.y)) near = i;
  });
  const carry = cmd.mission === 'carry';
  // Vertex indices to visit: to the pickup end first when carrying, then to the mission's end.
  const route = carry ? [...walk(near, from), ...walk(from, to).slice(1)] : walk(near, to);
  const pickAt = carry ? walk(near, from).length - 1 : -1;
  const startsAtVertex = Math.hypot(pts[near]!.x - pose.x, pts[near]!.y - pose.y) <= AT_NODE_M;
  if (route.length === 1 && startsAtVertex && !carry) return { ok: true, order: undefined, charge: cmd.mission === 'charge' };
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const load = (type: 'pick' | 'drop'): Action => ({
    actionId: opts.actionId(), actionType: type, blockingType: BlockingType.Hard,
    actionParameters: [{ key: 'stationType', value: 'floor' }, { key: 'loadType', value: opts.loadType }, ...(cmd.container ? [{ key: 'loadId', value: cmd.container }] : [])],
  });
  const add = (nodeId: string, x: number, y: number, actions: Action[], deviation?: number) => {
    const seq = nodes.length * 2;
    if (nodes.length > 0) {
      const prev = nodes[nodes.length - 1]!;
      edges.push({ edgeId: `${c.id}-e${seq - 1}`, sequenceId: seq - 1, startNodeId: prev.nodeId, endNodeId: nodeId, released: true, maxSpeed: c.speedLimitKmh / 3.6, actions: [] });
    }
    nodes.push({ nodeId, sequenceId: seq, released: true, nodePosition: { x, y, mapId: frame.mapId, ...(deviation ? { allowedDeviationXy: deviation } : {}) }, actions });
  };
  if (!startsAtVertex) add(pose.lastNodeId || 'start', pose.x, pose.y, [], 1);
  route.forEach((i, k) => {
    const actions = k === pickAt ? [load('pick')] : carry && k === route.length - 1 ? [load('drop')] : [];
    add(`${c.id}-${i}`, pts[i]!.x, pts[i]!.y, actions, k === 0 && startsAtVertex ? AT_NODE_M : undefined);
  });
  return { ok: true, order: { orderId: opts.orderId, orderUpdateId: 0, nodes, edges }, charge: cmd.mission === 'charge' };
}

/** Vertex indices from a to b inclusive, either way. */
function walk(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; ; i += Math.sign(b - a)) {
    out.push(i);
    if (i === b) return out;
  }
}
