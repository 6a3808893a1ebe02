import { parentPort } from 'node:worker_threads';
import { forecastFrom, type ForecastOptions } from './forecast';
import type { ForkState } from './types';

// The forecast thread: simulates forks of the twin off the ingest loop, at a lower priority (NICE.background, set by
// its bootstrap) so device acks and frames get the CPU first. One job at a time; each reply carries its job id.
const port = parentPort!;
port.on('message', (m: { id: number; state: ForkState; opts: ForecastOptions }) => {
  try {
    const { forecast, entries } = forecastFrom(m.state, m.opts);
    port.postMessage({ id: m.id, ok: true, forecast, entries: [...entries] });
  } catch (e) {
    port.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
