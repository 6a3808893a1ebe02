import { applyConfiguration, idRecord, type Lane, type Site, type WhatIfRequest } from '../../protocol';

/** A what-if request that names a crossing or corridor the site does not have, or asks the impossible. */
export class WhatIfError extends Error {}

/**
 * The site a what-if runs on: the recorded site (or another configuration of the base site), then the
 * request's changes — truck lanes per crossing, opening hours, AGVs per corridor, the overhead rail instead of AGVs.
 */
export function whatIfSite(base: Site, recorded: Site, recordedConfiguration: string, req: WhatIfRequest): { site: Site; configuration: string } {
  const configuration = req.configuration ?? recordedConfiguration;
  let site: Site;
  try {
    site = req.configuration && req.configuration !== recordedConfiguration ? applyConfiguration(base, req.configuration) : recorded;
  } catch (e) {
    throw new WhatIfError(e instanceof Error ? e.message : String(e));
  }
  const crossings = new Set(site.crossings.map((c) => c.id));
  const corridors = new Set(site.corridors.map((c) => c.id));
  for (const id of [...Object.keys(req.lanes ?? {}), ...Object.keys(req.hours ?? {}), ...Object.keys(req.thirdCountry ?? {})]) if (!crossings.has(id)) throw new WhatIfError(`unknown crossing ${id}`);
  for (const id of Object.keys(req.agvs ?? {})) if (!corridors.has(id)) throw new WhatIfError(`unknown corridor ${id}`);
  const fleets = idRecord([...Object.entries(site.fleets), ...Object.entries(req.agvs ?? {})]);
  if (req.rail) {
    // The rail takes over each AGV corridor it parallels (same crossing), with the AGVs' combined fleet.
    for (const rail of site.corridors.filter((c) => c.kind === 'rail')) {
      const agv = site.corridors.filter((c) => c.kind === 'agv' && c.crossing === rail.crossing);
      fleets[rail.id] = Math.max(fleets[rail.id] ?? 0, agv.reduce((n, c) => n + (fleets[c.id] ?? 0), 0));
      for (const c of agv) fleets[c.id] = 0;
    }
  }
  return {
    configuration,
    site: {
      ...site,
      fleets,
      crossings: site.crossings.map((c) => {
        const hours = req.hours?.[c.id];
        const n = req.lanes?.[c.id];
        let lanes = hours ? c.lanes.map(({ hours: _own, ...l }) => l) : c.lanes;
        if (n !== undefined) lanes = resizeTruckLanes(lanes, n);
        return { ...c, lanes, ...(hours ? { hours } : {}) };
      }),
    },
  };
}

/** Keeps the first `n` truck lanes, or adds copies of the existing ones (cycling) with new ids up to `n`. */
function resizeTruckLanes(lanes: Lane[], n: number): Lane[] {
  const truck = lanes.filter((l) => l.classes.includes('truck'));
  const other = lanes.filter((l) => !l.classes.includes('truck'));
  if (truck.length === 0 && n > 0) throw new WhatIfError('this crossing has no truck lane to copy');
  if (n <= truck.length) return [...truck.slice(0, n), ...other];
  const ids = new Set(lanes.map((l) => l.id));
  const prefix = truck[0]!.id.replace(/-?\d+$/, '');
  const added: Lane[] = [];
  for (let k = truck.length, i = 1; added.length < n - truck.length; i++) {
    const id = `${prefix}-W${i}`;
    if (ids.has(id)) continue;
    added.push({ ...truck[k++ % truck.length]!, id, open: true });
  }
  return [...truck, ...added, ...other];
}
