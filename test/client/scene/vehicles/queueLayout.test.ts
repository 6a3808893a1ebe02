import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyRecord, encodeFrame, EntityKind, Flag, CARGO_CODES, type EntityRecord } from '../../../../server/protocol/frameCodec';
import { pointAt } from '../../../../server/protocol/geo';
import { applyConfiguration, SiteSchema } from '../../../../server/protocol/site';
import { applyFrame, frameView } from '../../../../client/state/applyFrame';
import { createEntityTable } from '../../../../client/state/entityTable';
import { createQueueLayout, layoutQueues, queueLines, ROAD_SPACING_M } from '../../../../client/scene/vehicles/queueLayout';
import { Batch, batchOf } from '../../../../client/scene/vehicles/vehicleBatches';
import { siteGeometry } from '../../../../client/scene/site/siteGeometry';

const site = applyConfiguration(SiteSchema.parse(JSON.parse(readFileSync(new URL('../../../../assets/site.json', import.meta.url), 'utf8'))), 'today');
const geo = siteGeometry(site);
const lines = queueLines(geo);
const QUEUED = 1;

/** A fruit-peak queue at the first line (Tân Thanh, Vietnamese side), reported as the simulator reports it. */
function peakQueue(inYard: number, onRoad: number): EntityRecord[] {
  const q = lines[0]!;
  const recs: EntityRecord[] = [];
  const p = { x: 0, y: 0, heading: 0 };
  for (let i = 0; i < inYard + onRoad; i++) {
    // Yard trucks all report the yard's point; road trucks 18 m apart, piling up at the road's end.
    const along = i < inYard ? 0 : Math.min(q.road.length - 5, q.roadStart + (i - inYard) * ROAD_SPACING_M * 3);
    if (i < inYard) {
      p.x = q.yard.x;
      p.y = q.yard.y;
    } else pointAt(q.road, along, p);
    recs.push({ ...emptyRecord(), handle: i + 1, kind: EntityKind.truck, state: QUEUED, cargo: i % 9, x: p.x, y: p.y, heading: 180 });
  }
  return recs;
}

function tableOf(recs: EntityRecord[]) {
  const t = createEntityTable();
  applyFrame(t, frameView(encodeFrame({ keyframe: true, seq: 1, time: 1_760_000_000_000 }, recs, [])), { now: 0, delay: 100 });
  return t;
}

describe('waiting trucks in queue order', () => {
  it('every line has a yard with at least its capacity in bays, facing the gate', () => {
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const q of lines) {
      const yard = site.yards.find((y) => Math.abs(geo.yards.find((g) => g.item.id === y.id)!.x - q.yard.x) < 1e-6)!;
      expect(q.bays.length / 3).toBe(yard.capacity);
      expect(q.roadStart).toBeGreaterThan(0);
    }
  });

  it('fills the bays, then continues along the approach road past its end: all drawn, none on another', () => {
    const q = lines[0]!;
    const bays = q.bays.length / 3;
    const t = tableOf(peakQueue(bays + 100, 500));
    const L = createQueueLayout();
    expect(layoutQueues(t, lines, L)).toBe(true);
    expect(L.count).toBe(bays + 600);
    const spots: [number, number][] = [];
    for (let i = 0; i < L.count; i++) spots.push([L.px[L.handles[i]!]!, L.py[L.handles[i]!]!]);
    const grid = new Set<string>();
    for (const [x, y] of spots) {
      const k = `${Math.round(x / 2)},${Math.round(y / 2)}`;
      expect(grid.has(k), `two trucks at ${k}`).toBe(false);
      grid.add(k);
    }
    // The first `bays` (by handle, arrival order) stand on the yard's pad; the rest outside it, on the road.
    const inPad = (h: number) => Math.abs(L.px[h]! - q.yard.x) <= q.yard.half && Math.abs(L.py[h]! - q.yard.y) <= q.yard.half;
    for (let h = 1; h <= bays; h++) expect(inPad(h), `truck ${h} in the yard`).toBe(true);
    for (let h = bays + 1; h <= bays + 600; h++) expect(inPad(h), `truck ${h} on the road`).toBe(false);
    // Beyond the road's modelled end the line goes on: the farthest truck stands past it.
    const end = { x: 0, y: 0, heading: 0 };
    pointAt(q.road, q.road.length, end);
    const last = L.handles[L.count - 1]!;
    expect(Math.hypot(L.px[last]! - q.yard.x, L.py[last]! - q.yard.y)).toBeGreaterThan(Math.hypot(end.x - q.yard.x, end.y - q.yard.y) + 500);
  });

  it('keeps its layout while the queue does not change, and redoes it when a truck leaves', () => {
    const recs = peakQueue(50, 20);
    const L = createQueueLayout();
    layoutQueues(tableOf(recs), lines, L);
    const v = L.version;
    const t = tableOf(recs);
    expect(layoutQueues(t, lines, L)).toBe(false);
    expect(L.version).toBe(v);
    const fewer = tableOf(recs.slice(1));
    expect(layoutQueues(fewer, lines, L)).toBe(true);
    expect(L.parked[1]).toBe(0);
    expect(L.count).toBe(69);
  });

  it('moving trucks and AGVs are not parked', () => {
    const recs = peakQueue(5, 0);
    recs[0]!.speed = 4;
    recs[1]!.kind = EntityKind.agv;
    const L = createQueueLayout();
    layoutQueues(tableOf(recs), lines, L);
    expect(L.count).toBe(3);
    expect(L.parked[1]).toBe(0);
    expect(L.parked[2]).toBe(0);
  });
});

describe('vehicle models by cargo', () => {
  const code = (c: string) => CARGO_CODES.indexOf(c as (typeof CARGO_CODES)[number]);
  it.each([
    ['fruit', 0, Batch.reefer],
    ['electronics', Flag.perishable, Batch.reefer],
    ['cars', 0, Batch.cars],
    ['machinery', 0, Batch.flatbed],
    ['electronics', 0, Batch.container],
    ['general', 0, Batch.container],
  ])('%s (flags %i) rides model %i', (cargo, flags, batch) => expect(batchOf(EntityKind.truck, code(cargo), flags)).toBe(batch));
  it('AGVs and shuttles have their own models', () => {
    expect(batchOf(EntityKind.agv, 255, 0)).toBe(Batch.agv);
    expect(batchOf(EntityKind.rail, 255, 0)).toBe(Batch.rail);
  });
});
