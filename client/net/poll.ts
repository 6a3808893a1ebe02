/**
 * Runs `load` now (unless `now` is false) and every `everyMs` after; returns the stop function, for a React
 * effect's cleanup. After stop, `alive()` is false, so an answer still on its way knows not to land.
 */
export function poll(load: (alive: () => boolean) => void, everyMs: number, now = true): () => void {
  let alive = true;
  const run = () => load(() => alive);
  if (now) run();
  const id = setInterval(run, everyMs);
  return () => {
    alive = false;
    clearInterval(id);
  };
}
