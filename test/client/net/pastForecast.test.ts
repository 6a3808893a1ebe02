import { beforeEach, describe, expect, it } from 'vitest';
import type { Forecast } from '../../../server/protocol/forecast';
import { PAST_RETRY_MAX_MS, pastForecastLoader, type Schedule } from '../../../client/net/pastForecast';
import type { HttpReply } from '../../../client/net/http';
import { clearForecast, setPastForecast, useForecast } from '../../../client/state/forecastStore';

const MIN = 60_000;
const DAY = '2026-12-05';
const T0 = Date.UTC(2026, 11, 4, 23, 40);

function buildForecast(from: number): Forecast {
  const ts = [from, from + 15 * MIN];
  const b = { p10: 1, p50: 2, p90: 3 };
  return { from, horizon: from + 60 * MIN, stepMin: 15, seeds: 4, series: [{ crossing: 'coc-nam', direction: 'export', ts, queue: [b, b], waitMin: [] }], closing: [], advice: [], model: { arrivalsPerDay: [], serviceFactor: [], computeMs: 1 } };
}

/** A server the test answers by hand: each `get` waits until the test resolves it. */
class FakeServer {
  readonly asked: { day: string; at: number; answer: (r: HttpReply<Forecast>) => Promise<void> }[] = [];
  get = (day: string, at: number): Promise<HttpReply<Forecast>> =>
    new Promise((resolve) => {
      this.asked.push({ day, at, answer: async (r) => {
        resolve(r);
        // Let the loader's `then` run before the test looks.
        await Promise.resolve();
        await Promise.resolve();
      } });
    });
  last() {
    return this.asked[this.asked.length - 1]!;
  }
}

/** Timers the test fires by hand, with the delays they were set for. */
class FakeTimers {
  pending: { run: () => void; ms: number; cancelled: boolean }[] = [];
  schedule: Schedule = (run, ms) => {
    const t = { run, ms, cancelled: false };
    this.pending.push(t);
    return () => {
      t.cancelled = true;
    };
  };
  fire(): number {
    const t = this.pending.shift()!;
    if (!t.cancelled) t.run();
    return t.ms;
  }
  live() {
    return this.pending.filter((t) => !t.cancelled);
  }
}

const state = () => useForecast.getState();

describe('the forecast said at a replayed instant', () => {
  let server: FakeServer;
  let timers: FakeTimers;
  beforeEach(() => {
    clearForecast();
    setPastForecast(null);
    server = new FakeServer();
    timers = new FakeTimers();
  });
  const loader = () => pastForecastLoader({ get: server.get, schedule: timers.schedule, now: () => 1_000 });

  it('shows the forecast in force at the instant, and says it is loading meanwhile', async () => {
    const past = loader();
    past.load(DAY, T0 + MIN);
    expect(state().past).toEqual({ status: 'loading', day: DAY, at: T0 + MIN });
    expect(server.last()).toMatchObject({ day: DAY, at: T0 + MIN });
    await server.last().answer({ ok: true, data: buildForecast(T0) });
    expect(state().forecast?.from).toBe(T0);
    expect(state().past?.status).toBe('shown');
  });

  it('tries a failed fetch again, 1 s then doubling up to 30 s, until it gets the band', async () => {
    const past = loader();
    past.load(DAY, T0 + MIN);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      // A busy reader (503), a reader over its budget (429), a connection dropped under load (no status).
      const failure: HttpReply<Forecast> = i % 3 === 0 ? { ok: false, error: 'HTTP 503', status: 503 } : i % 3 === 1 ? { ok: false, error: 'retry in 30 s', status: 429 } : { ok: false, error: 'Failed to fetch' };
      await server.last().answer(failure);
      expect(state().past).toMatchObject({ status: 'retrying', attempt: i + 1, error: failure.ok ? '' : failure.error });
      expect(state().forecast).toBeNull();
      waits.push(timers.fire());
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, PAST_RETRY_MAX_MS, PAST_RETRY_MAX_MS]);
    expect(server.asked).toHaveLength(8);
    await server.last().answer({ ok: true, data: buildForecast(T0) });
    expect(state().past?.status).toBe('shown');
    expect(state().forecast?.from).toBe(T0);
    expect(timers.live()).toEqual([]);
  });

  it('says nothing was forecast by then on a 404, and does not ask again', async () => {
    const past = loader();
    past.load(DAY, T0 - 10 * MIN);
    await server.last().answer({ ok: false, error: 'no forecast recorded', status: 404 });
    expect(state().past?.status).toBe('none');
    expect(state().forecast).toBeNull();
    expect(timers.live()).toEqual([]);
  });

  it('gives up on a refusal that asking again cannot change, and says why', async () => {
    const past = loader();
    past.load(DAY, T0);
    await server.last().answer({ ok: false, error: 'forbidden', status: 403 });
    expect(state().past).toEqual({ status: 'failed', day: DAY, at: T0, error: 'forbidden' });
    expect(timers.live()).toEqual([]);
  });

  it('lets the latest jump win: an earlier answer landing late is dropped, and its retry is cancelled', async () => {
    const past = loader();
    past.load(DAY, T0 + MIN);
    const first = server.last();
    past.load(DAY, T0 + 90 * MIN);
    const second = server.last();
    await second.answer({ ok: true, data: buildForecast(T0 + 60 * MIN) });
    await first.answer({ ok: true, data: buildForecast(T0) });
    expect(state().forecast?.from).toBe(T0 + 60 * MIN);
    expect(state().past).toMatchObject({ status: 'shown', at: T0 + 90 * MIN });
    // A retry pending for one jump does not fire for the next.
    past.load(DAY, T0 + 3 * MIN);
    await server.last().answer({ ok: false, error: 'HTTP 503', status: 503 });
    past.load(DAY, T0 + 4 * MIN);
    expect(timers.live()).toEqual([]);
    expect(state().forecast).toBeNull();
  });

  it('keeps the band through a reconnect that reopens the same instant, and clears it for another instant', async () => {
    const past = loader();
    past.load(DAY, T0 + MIN);
    await server.last().answer({ ok: true, data: buildForecast(T0) });
    // The socket reconnected: the session is opened again where it was, and the forecast asked for again.
    past.load(DAY, T0 + MIN);
    expect(state().forecast?.from).toBe(T0);
    expect(state().past?.status).toBe('shown');
    expect(server.asked).toHaveLength(2);
    await server.last().answer({ ok: false, error: 'HTTP 503', status: 503 });
    expect(state().forecast?.from).toBe(T0);
    timers.fire();
    await server.last().answer({ ok: true, data: buildForecast(T0) });
    expect(state().past?.status).toBe('shown');
    past.load(DAY, T0 + 300 * MIN);
    expect(state().forecast).toBeNull();
    expect(state().past?.status).toBe('loading');
  });

  it('lands nothing after the replay closes', async () => {
    const past = loader();
    past.load(DAY, T0 + MIN);
    await server.last().answer({ ok: false, error: 'HTTP 503', status: 503 });
    past.stop();
    expect(timers.live()).toEqual([]);
    past.load(DAY, T0 + 2 * MIN);
    const pending = server.last();
    past.stop();
    await pending.answer({ ok: true, data: buildForecast(T0) });
    expect(state().forecast).toBeNull();
  });
});
