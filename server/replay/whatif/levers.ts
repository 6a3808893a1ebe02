import type { CrossingLevers, CrossingSetup } from '../../engine/crossingModes';
import { idRecord, type LeverChange, type ModeMix, type Site, type WhatIfRequest } from '../../protocol';

/** Whether the request moves any crossing lever (modes, third-country vehicles, the pilot, an inspection centre). */
export function hasCrossingLevers(req: WhatIfRequest): boolean {
  return req.thirdCountry !== undefined || req.modeMix !== undefined || req.twoWayPilot !== undefined || req.inspectionCentre !== undefined;
}

/** The crossing levers of a request, as the engine's setup takes them. */
export function crossingLevers(req: WhatIfRequest): CrossingLevers {
  return {
    ...(req.thirdCountry ? { thirdCountry: new Map(Object.entries(req.thirdCountry)) } : {}),
    ...(req.modeMix ? { modeMix: req.modeMix } : {}),
    ...(req.twoWayPilot !== undefined ? { twoWayPilot: req.twoWayPilot } : {}),
  };
}

const truckLanes = (site: Site, crossing: string) => site.crossings.find((c) => c.id === crossing)?.lanes.filter((l) => l.classes.includes('truck')).length ?? 0;
const hoursOf = (h: { open: string; close: string } | undefined) => (h ? `${h.open}–${h.close}` : '—');
const mixText = (mix: ModeMix) => Object.entries(mix).filter(([, w]) => (w ?? 0) > 0).map(([m, w]) => `${m} ${w}`).join(', ');

/**
 * The levers a what-if changed, each from the recorded day's setting to the run's; a lever set to the value it
 * already had is not a change. `recorded` is the recorded site and setup, `run` the what-if's.
 */
export function leverChanges(
  req: WhatIfRequest,
  recorded: { site: Site; configuration: string; policy: string; setup: CrossingSetup },
): LeverChange[] {
  const out: LeverChange[] = [];
  const push = (c: LeverChange) => {
    if (c.from !== c.to) out.push(c);
  };
  if (req.configuration) push({ lever: 'configuration', from: recorded.configuration, to: req.configuration });
  for (const [id, n] of Object.entries(req.lanes ?? {})) push({ lever: 'lanes', target: id, from: String(truckLanes(recorded.site, id)), to: String(n) });
  for (const [id, h] of Object.entries(req.hours ?? {})) push({ lever: 'hours', target: id, from: hoursOf(recorded.site.crossings.find((c) => c.id === id)?.hours), to: hoursOf(h) });
  const fleets = idRecord(Object.entries(recorded.site.fleets));
  for (const [id, n] of Object.entries(req.agvs ?? {})) push({ lever: 'agvs', target: id, from: String(fleets[id] ?? 0), to: String(n) });
  if (req.policy) push({ lever: 'policy', from: recorded.policy, to: req.policy });
  if (req.rail !== undefined) push({ lever: 'rail', from: 'agv', to: req.rail ? 'rail' : 'agv' });
  for (const [id, allowed] of Object.entries(req.thirdCountry ?? {})) {
    push({ lever: 'thirdCountry', target: id, from: String(recorded.setup.rules.get(id)?.thirdCountryAllowed ?? false), to: String(allowed) });
  }
  if (req.modeMix) {
    for (const [id, rule] of recorded.setup.rules) push({ lever: 'modeMix', target: id, from: mixText(rule.mix), to: mixText(req.modeMix) });
  }
  if (req.twoWayPilot !== undefined) push({ lever: 'twoWayPilot', from: String(recorded.setup.twoWayPilot), to: String(req.twoWayPilot) });
  if (req.inspectionCentre !== undefined) push({ lever: 'inspectionCentre', from: String(recorded.setup.inspectionCentre), to: String(req.inspectionCentre) });
  return out;
}
