import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Worker } from 'node:worker_threads';
import { VIEWER_ROLES } from '../auth';
import { authorize, fail, HttpError, sendJson, type HttpKit } from '../http/kit';
import type { LiveHub } from '../live';
import type { CrossingSetup } from '../engine/crossingModes';
import type { EngineConfig } from '../engine/types';
import type { Forecast, TruckForecast } from '../protocol';
import { NICE, spawnWorker } from '../workers/spawn';
import { band, forecastFrom, type ForecastOptions } from './forecast';
import { forkTwin, type FitInputs } from './fork';
import type { ForkState } from './types';

/** Where forecasts go besides `GET /api/forecast`: viewers (`forecast` event) and the recording. */
export interface ForecastSinks {
  emit(f: Forecast): void;
  /** The forecast as the recording keeps it (see `recordedForecast`). */
  record(ts: number, f: Forecast): void;
}

/** Twin-time ms between forecasts recorded with their queue band (the others keep closing and advice only). */
export const RECORD_SERIES_MS = 15 * 60_000;

/**
 * A forecast as the day's recording keeps it: every one with its closing and advice; the first of each
 * RECORD_SERIES_MS span also with the queue band per crossing and direction (no wait series), so replay can show
 * what the forecast said then beside what happened (~1.5 MB a day instead of ~20).
 */
export function recordedForecast(f: Forecast, withSeries: boolean): Forecast {
  return { ...f, series: withSeries ? f.series.map((s) => ({ ...s, waitMin: [] })) : [] };
}

export interface ForecastServiceOptions {
  fit: FitInputs;
  engineConfig: EngineConfig;
  opts?: ForecastOptions;
  /** How trucks cross under the running configuration: lets the advice weigh the provinces' levers. */
  modes?: CrossingSetup;
  /** Run on the caller's thread (tests); the server runs forecasts in a worker thread. */
  inProcess?: boolean;
}

/**
 * Forecasts the live twin every minute, after an operator's lane change and on demand: forks it on the main thread
 * (a plain copy, a few ms) and simulates the fork in a worker thread, one at a time. A tick that finds one running
 * is skipped; changes and fresh requests meanwhile share one forecast after it. So the forecast can fall behind but
 * never piles up work or delays the ingest.
 */
export class ForecastService {
  latest: Forecast | undefined;
  private entries = new Map<string, number[]>();
  private worker: Worker | undefined;
  private running: Promise<Forecast> | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (f: Forecast) => void; reject: (e: Error) => void }>();
  readonly counters = { runs: 0, skipped: 0, errors: 0, lastMs: 0 };
  private recordedSpan = -1;
  /** Asked for while a forecast was running (an operator's change, `?fresh=1`): the one to make when it ends. */
  private queued: { promise: Promise<Forecast>; resolve: (f: Forecast) => void; reject: (e: unknown) => void } | undefined;
  /** The forecast a recorded day holds at an instant (latest with its band at or before `at`); set by the app. */
  recorded: ((day: string, at: number) => Promise<Forecast | undefined>) | undefined;

  constructor(
    private readonly live: LiveHub,
    private readonly sinks: ForecastSinks,
    private readonly options: ForecastServiceOptions,
  ) {}

  /** The minute tick: a new forecast unless one is still running. */
  tick(): void {
    if (this.running) {
      this.counters.skipped++;
      return;
    }
    void this.refresh().catch(() => undefined);
  }

  /**
   * An operator changed the twin (a lane opened, closed or turned): forecast from it now, not at the next minute, so
   * advice just applied leaves the screens within seconds. A forecast already running was forked before the change:
   * one more follows it, however many changes come meanwhile.
   */
  changed(): void {
    void this.fresh().catch(() => undefined);
  }

  /**
   * A forecast forked at or after this call: started at once when none is running, else the one that follows the
   * running one (forked before the call, it may not know what changed since). Calls meanwhile share that one.
   */
  fresh(): Promise<Forecast> {
    if (!this.running) return this.refresh();
    if (!this.queued) {
      let settle!: { resolve: (f: Forecast) => void; reject: (e: unknown) => void };
      const promise = new Promise<Forecast>((resolve, reject) => (settle = { resolve, reject }));
      this.queued = { promise, ...settle };
    }
    return this.queued.promise;
  }

  /** A forecast from now, or the one already being computed (however long ago it was forked). */
  refresh(): Promise<Forecast> {
    if (this.running) return this.running;
    const now = this.live.clock.now();
    const forked = forkTwin(this.live.twin, this.live.site, now, this.options.engineConfig, this.options.fit);
    const state = this.options.modes ? { ...forked, modes: this.options.modes } : forked;
    const t0 = performance.now();
    const job = this.compute(state).then(
      ({ forecast, entries }) => {
        this.counters.runs++;
        this.counters.lastMs = Math.round(performance.now() - t0);
        this.latest = forecast;
        this.entries = entries;
        this.sinks.emit(forecast);
        const span = Math.floor(forecast.from / RECORD_SERIES_MS);
        this.sinks.record(now, recordedForecast(forecast, span !== this.recordedSpan));
        this.recordedSpan = span;
        return forecast;
      },
      (e: unknown) => {
        this.counters.errors++;
        throw e;
      },
    );
    this.running = job.finally(() => {
      this.running = undefined;
      const next = this.queued;
      if (!next) return;
      this.queued = undefined;
      this.refresh().then(next.resolve, next.reject);
    });
    return this.running;
  }

  /** A waiting truck's expected lane entry from the latest forecast. */
  truck(id: string): TruckForecast | undefined {
    const at = this.entries.get(id);
    if (!at || !this.latest) return undefined;
    return { truck: id, from: this.latest.from, entryAt: band(at.map((x) => (Number.isFinite(x) ? x : this.latest!.horizon))) };
  }

  /** `GET /api/forecast[?fresh=1][&truck=ID]`, or `?day=YYYY-MM-DD&at=ms` for a recorded day, for viewer roles; true when it answered. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, kit: HttpKit): Promise<boolean> {
    if (url.pathname !== '/api/forecast') return false;
    try {
      authorize(req, url, kit, VIEWER_ROLES);
      if (req.method !== 'GET') throw new HttpError(405, 'use GET');
      const day = url.searchParams.get('day');
      if (day !== null) {
        // What the forecast said at an instant of a recorded day (replay shows it beside what then happened).
        if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new HttpError(400, 'day must be YYYY-MM-DD');
        const atText = url.searchParams.get('at');
        const at = atText === null ? NaN : Number(atText);
        if (!Number.isFinite(at)) throw new HttpError(400, 'at must be an instant in epoch ms');
        if (!this.recorded) throw new HttpError(404, 'no recordings on this server');
        const f = await this.recorded(day, at);
        if (!f) throw new HttpError(404, `no forecast recorded on ${day} by ${new Date(at).toISOString()}`);
        sendJson(res, 200, f);
        return true;
      }
      const truck = url.searchParams.get('truck');
      if (truck !== null) {
        if (!/^[\w.:-]{1,64}$/.test(truck)) throw new HttpError(400, 'truck must be a vehicle id');
        const t = this.truck(truck);
        if (!t) throw new HttpError(404, `no forecast for truck ${truck} (not waiting, or no forecast yet)`);
        sendJson(res, 200, t);
        return true;
      }
      const f = url.searchParams.get('fresh') === '1' ? await this.fresh() : (this.latest ?? (await this.refresh()));
      sendJson(res, 200, f);
    } catch (e) {
      fail(req, res, kit, e);
    }
    return true;
  }

  stop(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    for (const w of this.waiting.values()) w.reject(new Error('forecast service stopped'));
    this.waiting.clear();
  }

  private compute(state: ForkState): Promise<{ forecast: Forecast; entries: Map<string, number[]> }> {
    const opts = this.options.opts ?? {};
    if (this.options.inProcess) return Promise.resolve(forecastFrom(state, opts));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: (f) => resolve({ forecast: f, entries: this.pendingEntries.get(id) ?? new Map() }), reject });
      worker.postMessage({ id, state, opts });
    }).finally(() => this.pendingEntries.delete(id)) as Promise<{ forecast: Forecast; entries: Map<string, number[]> }>;
  }

  private readonly pendingEntries = new Map<number, Map<string, number[]>>();

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = spawnWorker(new URL('./forecastWorker.ts', import.meta.url), NICE.background);
    w.on('message', (m: { id: number; ok: true; forecast: Forecast; entries: [string, number[]][] } | { id: number; ok: false; error: string }) => {
      const p = this.waiting.get(m.id);
      if (!p) return;
      this.waiting.delete(m.id);
      if (m.ok) {
        this.pendingEntries.set(m.id, new Map(m.entries));
        p.resolve(m.forecast);
      } else p.reject(new Error(m.error));
    });
    w.on('error', (e) => {
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
      this.worker = undefined;
    });
    w.unref();
    this.worker = w;
    return w;
  }
}
