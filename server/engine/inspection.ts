// Inspection as a place and a queue: plant-quarantine sampling of perishables and the lab checks some samples
// need, each a set of servers with its own capacity and time distribution.

/** One inspection point: how many trucks (or samples) it serves at once and how long each takes. */
export interface InspectionPoint {
  servers: number;
  /** Service time range in minutes; a draw is uniform in it. */
  minutes: readonly [number, number];
}

/** Where and how perishables are checked on a run. */
export interface InspectionConfig {
  centre: boolean;
  /** Sampling of each perishable truck: at the vehicle in its yard, or at the centre's bays. */
  sampling: InspectionPoint;
  /** Share of sampled trucks whose sample needs a lab check before they may go on. */
  labShare: number;
  lab: InspectionPoint;
  /** Whether the truck stands still for sampling after clearance (at the centre) or samples while it queues (at the vehicle). */
  sampleWhileQueued: boolean;
}

/**
 * Today (no centre): quarantine officers sample fruit at the vehicle while it queues (domain.md §2 "fruit is
 * sampled by plant quarantine at the vehicle"); the samples that need a lab go to a distant lab, hours away (durian
 * lab checks took 2–3 days in one 2024 episode: the long tail, not the rule). Capacities and times: approx.
 */
export const INSPECTION_TODAY: InspectionConfig = {
  centre: false,
  sampling: { servers: 8, minutes: [5, 10] },
  labShare: 0.08,
  lab: { servers: 2, minutes: [360, 1440] },
  sampleWhileQueued: true,
};

/**
 * With a fruit and farm-produce quality inspection centre at the border: today's checks, with more sampling bays
 * at the centre (not at the vehicle in the queue) and an on-site lab (approx).
 */
export const INSPECTION_CENTRE: InspectionConfig = {
  ...INSPECTION_TODAY,
  centre: true,
  sampling: { ...INSPECTION_TODAY.sampling, servers: 12 },
  lab: { servers: 8, minutes: [60, 180] },
  sampleWhileQueued: false,
};

/** The inspection configuration for a run with or without the centre. */
export const inspectionConfig = (centre: boolean): InspectionConfig => (centre ? INSPECTION_CENTRE : INSPECTION_TODAY);

/**
 * A first-come-first-served queue with `servers` parallel servers: each job's start and end (same units as its
 * arrival and duration). Jobs are taken in arrival order (ties by input order); pure and deterministic.
 */
export function serveQueue(jobs: readonly { arrival: number; duration: number }[], servers: number): { start: number; end: number }[] {
  if (servers < 1) throw new Error('a queue needs at least one server');
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[a]!.arrival - jobs[b]!.arrival || a - b);
  // Free times of the servers as a binary min-heap.
  const heap: number[] = Array.from({ length: Math.min(servers, Math.max(1, jobs.length)) }, () => -Infinity);
  const out = new Array<{ start: number; end: number }>(jobs.length);
  for (const i of order) {
    const job = jobs[i]!;
    const start = Math.max(job.arrival, heap[0]!);
    const end = start + job.duration;
    out[i] = { start, end };
    heap[0] = end;
    siftDown(heap);
  }
  return out;
}

function siftDown(h: number[]): void {
  for (let i = 0; ; ) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l]! < h[m]!) m = l;
    if (r < h.length && h[r]! < h[m]!) m = r;
    if (m === i) return;
    [h[i], h[m]] = [h[m]!, h[i]!];
    i = m;
  }
}

/** A perishable truck to inspect: when it joined the queue, entered its lane, and its per-truck uniform draws. */
export interface InspectedTruck {
  queuedAt: number;
  enteredLaneAt: number;
  uSample: number;
  uLab: number;
  uLabTime: number;
}

/** What inspection added to one truck's time in the zone, and what it went through. */
export interface InspectionOutcome {
  /** Minutes from joining the sampling queue to the start of sampling. */
  sampleWaitMin: number;
  /** Hours inspection added to the truck's time in the zone (beyond its wait for a lane). */
  addedH: number;
  lab: boolean;
  labH: number;
}

/**
 * Runs the sampling queue and the lab queue over a day's perishable trucks. Sampled at the vehicle, a truck only
 * loses time when its sampling ends after it was called to its lane; at the centre it stops for sampling after
 * clearance. A lab check holds the truck until the result (queue for the lab included).
 */
export function inspect(trucks: readonly InspectedTruck[], cfg: InspectionConfig): InspectionOutcome[] {
  const span = (p: InspectionPoint, u: number) => (p.minutes[0] + (p.minutes[1] - p.minutes[0]) * u) * 60_000;
  const sampled = serveQueue(trucks.map((t) => ({ arrival: cfg.sampleWhileQueued ? t.queuedAt : t.enteredLaneAt, duration: span(cfg.sampling, t.uSample) })), cfg.sampling.servers);
  const needLab = trucks.map((t) => t.uLab < cfg.labShare);
  const labJobs = trucks.flatMap((t, i) => (needLab[i] ? [{ i, arrival: sampled[i]!.end, duration: span(cfg.lab, t.uLabTime) }] : []));
  const labbed = serveQueue(labJobs, cfg.lab.servers);
  const labEnd = new Map(labJobs.map((j, k) => [j.i, labbed[k]!.end] as const));
  return trucks.map((t, i) => {
    const s = sampled[i]!;
    const ready = labEnd.get(i) ?? s.end;
    const after = cfg.sampleWhileQueued ? Math.max(0, ready - t.enteredLaneAt) : ready - t.enteredLaneAt;
    const lab = labEnd.has(i);
    return { sampleWaitMin: (s.start - (cfg.sampleWhileQueued ? t.queuedAt : t.enteredLaneAt)) / 60_000, addedH: after / 3_600_000, lab, labH: lab ? (ready - s.end) / 3_600_000 : 0 };
  });
}
