import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IngestCounters } from '../ingest/pipeline';
import type { Kpi } from '../protocol';
import type { SecurityCounters } from '../security/counters';

/** What the metrics read when Prometheus scrapes: plain counters and views the app already keeps. */
export interface MetricSources {
  ingest: () => IngestCounters;
  security?: () => SecurityCounters;
  /** HTTP 4xx answers by status. */
  httpRefusals?: () => ReadonlyMap<string, number>;
  engine: () => { engineTicks: number; engineErrors: number };
  kpi: () => Kpi | undefined;
  /** Connected sockets per namespace (`/twin` viewers, `/replay` sessions, `/ingest` devices). */
  sockets: () => Iterable<readonly [string, number]>;
  /** The data directory whose size is reported (recordings, audit log, tokens). */
  dataDir?: string;
}

/** The histograms the app observes as things happen (the counters are read at scrape time). */
export interface MetricsHub {
  registry: Registry;
  /** Device batch received → acked (durable), seconds. */
  ackLatency: Histogram;
  /** One engine tick on the leader, seconds. */
  engineTick: Histogram;
  /** One recorder group commit, seconds. */
  recorderCommit: Histogram;
}

const DISK_CACHE_MS = 30_000;

/**
 * Builds the app's own Prometheus registry (several apps may share a process, as in the tests). Names follow
 * Prometheus conventions: `gatetwin_` prefix, base units, `_total` counters; deploy/grafana/gatetwin.json uses them.
 */
export function createMetrics(src: MetricSources): MetricsHub {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gatetwin_' });
  const fast = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
  const ackLatency = new Histogram({ name: 'gatetwin_ingest_ack_seconds', help: 'Device batch received to ack (durable in the recorder), seconds', buckets: fast, registers: [registry] });
  const engineTick = new Histogram({ name: 'gatetwin_engine_tick_seconds', help: 'One engine tick on the leader, seconds', buckets: fast, registers: [registry] });
  const recorderCommit = new Histogram({ name: 'gatetwin_recorder_commit_seconds', help: 'One recorder group commit, seconds', buckets: fast, registers: [registry] });
  // Counters kept elsewhere as running totals: each scrape adds what grew since the last one.
  fromTotals(registry, 'gatetwin_ingest_messages_total', 'Telemetry messages by outcome', 'result', () => {
    const c = src.ingest();
    return [['accepted', c.accepted], ['duplicate', c.duplicates], ['rejected', c.rejected], ['late', c.late]] as const;
  });
  fromTotals(registry, 'gatetwin_ingest_batches_total', 'Telemetry batches received', undefined, () => [['', src.ingest().batches]] as const);
  fromTotals(registry, 'gatetwin_rejections_total', 'Refused inputs by reason (security edge, schema, HTTP status)', 'reason', () => rejections(src));
  fromTotals(registry, 'gatetwin_engine_ticks_total', 'Engine ticks run', undefined, () => [['', src.engine().engineTicks]] as const);
  fromTotals(registry, 'gatetwin_engine_errors_total', 'Engine ticks that threw', undefined, () => [['', src.engine().engineErrors]] as const);
  const labels = ['crossing', 'direction'] as const;
  // Collected first (registered first): it fills the wait gauges from the same KPIs before they are written.
  const queue = new Gauge({
    name: 'gatetwin_queue_trucks', help: 'Trucks waiting per crossing and direction', labelNames: labels, registers: [registry],
    collect() {
      const kpi = src.kpi();
      queue.reset();
      waitMean.reset();
      waitP95.reset();
      for (const c of kpi?.crossings ?? []) {
        const l = { crossing: c.crossing, direction: c.direction };
        queue.set(l, c.queue);
        waitMean.set(l, c.waitMeanMin);
        waitP95.set(l, c.waitP95Min);
      }
    },
  });
  const waitMean = new Gauge({ name: 'gatetwin_wait_mean_minutes', help: 'Mean wait per crossing and direction, minutes', labelNames: labels, registers: [registry] });
  const waitP95 = new Gauge({ name: 'gatetwin_wait_p95_minutes', help: '95th percentile wait per crossing and direction, minutes', labelNames: labels, registers: [registry] });
  new Gauge({
    name: 'gatetwin_connections', help: 'Connected sockets per namespace (/twin viewers, /replay sessions, /ingest devices)', labelNames: ['namespace'], registers: [registry],
    collect() {
      this.reset();
      for (const [ns, n] of src.sockets()) this.set({ namespace: ns }, n);
    },
  });
  if (src.dataDir) {
    const dir = src.dataDir;
    let cached = { at: -Infinity, bytes: 0 };
    new Gauge({
      name: 'gatetwin_data_dir_bytes', help: 'Bytes used by the data directory (recordings, audit log)', registers: [registry],
      collect() {
        // Walking a directory of day files on every scrape would cost more than it tells: refresh twice a minute.
        if (Date.now() - cached.at > DISK_CACHE_MS) cached = { at: Date.now(), bytes: duBytes(dir) };
        this.set(cached.bytes);
      },
    });
  }
  return { registry, ackLatency, engineTick, recorderCommit };
}

/** A counter fed from running totals: at each scrape it grows by what each total grew since the last scrape. */
function fromTotals(registry: Registry, name: string, help: string, label: string | undefined, read: () => Iterable<readonly [string, number]>): void {
  const last = new Map<string, number>();
  new Counter({
    name, help, registers: [registry], labelNames: label ? [label] : [],
    collect() {
      for (const [k, v] of read()) {
        const grew = v - (last.get(k) ?? 0);
        last.set(k, v);
        if (grew <= 0) continue;
        if (label) this.inc({ [label]: k }, grew);
        else this.inc(grew);
      }
    },
  });
}

/** Every refusal reason the server counts, as one labelled family. */
function rejections(src: MetricSources): Map<string, number> {
  const out = new Map<string, number>([['schema', src.ingest().rejected], ['twin_refused', src.ingest().twinRefused]]);
  const sec = src.security?.();
  if (!sec) return out;
  for (const [k, v] of Object.entries(sec)) out.set(snake(k), v);
  for (const [status, n] of src.httpRefusals?.() ?? []) out.set(`http_${status}`, n);
  return out;
}

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Bytes of every file under `dir` (0 when it does not exist). */
function duBytes(dir: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    try {
      total += e.isDirectory() ? duBytes(p) : statSync(p).size;
    } catch {
      /* removed meanwhile (retention) */
    }
  }
  return total;
}
