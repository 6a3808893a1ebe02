import { performance } from 'node:perf_hooks';
import type { Server } from 'socket.io';
import type { IngestPipeline } from '../ingest/pipeline';
import type { LiveHub } from '../live';
import type { Recorder } from '../recorder/recorder';
import type { IngestFn } from '../ingest/ingestFn';
import type { SecurityEdge } from '../security/edge';
import { createMetrics, type MetricsHub } from './metrics';
import { Readiness } from './readiness';

/** What the operations team sees: readiness for load balancers, metrics for Prometheus, fed as things happen. */
export interface Operations {
  readiness: Readiness;
  metrics: MetricsHub;
  /** Wraps the ingest so each batch's time to ack is measured. */
  timed(ingest: IngestFn): IngestFn;
  /** Runs one engine tick on the live hub, timing it and noting whether it failed. */
  engineTick(): void;
}

/** Builds the readiness view and the metrics registry over the app's parts; starts nothing. */
export function operations(parts: { live: LiveHub; pipeline: IngestPipeline; security: SecurityEdge; io: Server; recorder: Recorder; dataDir?: string }): Operations {
  const { live, pipeline, security, io, recorder } = parts;
  const readiness = new Readiness();
  const metrics = createMetrics({
    ingest: () => pipeline.counters,
    security: () => security.counters,
    httpRefusals: () => security.httpRefusals,
    engine: () => live.counters,
    kpi: () => live.kpi,
    sockets: () => ['/twin', '/replay', '/ingest'].map((ns) => [ns, io.of(ns).sockets.size] as const),
    ...(parts.dataDir ? { dataDir: parts.dataDir } : {}),
  });
  recorder.onHealth?.((err) => readiness.recorder(err));
  recorder.onCommit?.((seconds) => metrics.recorderCommit.observe(seconds));
  return {
    readiness,
    metrics,
    timed(ingest) {
      return async (batch, origin) => {
        const end = metrics.ackLatency.startTimer();
        try {
          return await ingest(batch, origin);
        } finally {
          end();
        }
      };
    },
    engineTick() {
      const errors = live.counters.engineErrors;
      const t0 = performance.now();
      live.engineTick();
      metrics.engineTick.observe((performance.now() - t0) / 1000);
      readiness.engineTick(live.counters.engineErrors > errors);
    },
  };
}
