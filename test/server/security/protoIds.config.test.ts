import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultEngineConfig, initialMemory, runEngine } from '../../../server/engine';
import { applyConfiguration, SiteSchema, WhatIfRequestSchema, type Site } from '../../../server/protocol';
import { WhatIfError, whatIfSite } from '../../../server/replay/whatif/whatifSite';
import { loadScenario, scenarioSite } from '../../../server/sim/scenario';
import { buildAgv, buildInput, buildJob, buildTruck, siteLanes, T0 } from '../engine/builders';

// Crossing and corridor ids come from the site file, scenarios and what-if requests; a site whose main crossing is
// named `valueOf` and whose AGV corridor is named `toString` must work like the real one.
const raw = readFileSync('assets/site.json', 'utf8').replaceAll('"huu-nghi-freight"', '"valueOf"').replaceAll('"hn-agv"', '"toString"');
const base = SiteSchema.parse(JSON.parse(raw));
const site: Site = applyConfiguration(base, 'today');

describe('site, scenario and what-if records keyed by Object.prototype names', () => {
  it('parse into objects without a prototype, also after a configuration, a scenario or a what-if is applied', () => {
    const whatIf = whatIfSite(base, site, 'today', WhatIfRequestSchema.parse(JSON.parse('{"day":"2026-06-01","agvs":{"toString":5},"lanes":{"valueOf":8}}'))).site;
    for (const s of [base, site, scenarioSite(base, loadScenario('normal')), whatIf]) {
      expect(Object.getPrototypeOf(s.fleets)).toBeNull();
      expect(s.fleets['hasOwnProperty']).toBeUndefined();
    }
    expect(whatIf.fleets['toString']).toBe(5);
    expect(whatIf.crossings.find((c) => c.id === 'valueOf')!.lanes.filter((l) => l.classes.includes('truck'))).toHaveLength(8);
  });

  it('a what-if naming a crossing or corridor the site lacks is refused by name, even an Object.prototype one', () => {
    const req = (body: string) => WhatIfRequestSchema.parse(JSON.parse(body));
    expect(() => whatIfSite(base, site, 'today', req('{"day":"2026-06-01","lanes":{"isPrototypeOf":3}}'))).toThrow(new WhatIfError('unknown crossing isPrototypeOf'));
    expect(() => whatIfSite(base, site, 'today', req('{"day":"2026-06-01","agvs":{"propertyIsEnumerable":3}}'))).toThrow(new WhatIfError('unknown corridor propertyIsEnumerable'));
    // zod drops a `__proto__` key of a record (it cannot reach a prototype, and there is none to reach).
    const lanes = WhatIfRequestSchema.parse(JSON.parse('{"day":"2026-06-01","lanes":{"__proto__":{"polluted":1}}}')).lanes!;
    expect([Object.keys(lanes), Object.getPrototypeOf(lanes)]).toEqual([[], null]);
  });

  it('the engine plans on such a site: trucks at crossing valueOf are called, an AGV on corridor toString gets a mission', () => {
    const out = runEngine(
      buildInput({
        site, config: defaultEngineConfig(), lanes: siteLanes(site),
        trucks: [buildTruck({ id: 'toString', crossing: 'valueOf' })],
        agvs: [buildAgv({ id: 'valueOf', corridor: 'toString' })],
        jobs: [buildJob({ id: 'hasOwnProperty', corridor: 'toString' })],
        now: T0,
      }),
      initialMemory(),
    );
    expect(out.calls.map((c) => [c.truck, c.crossing])).toEqual([['toString', 'valueOf']]);
    expect(out.missions.map((m) => [m.agv, m.corridor, m.container])).toEqual([['valueOf', 'toString', 'hasOwnProperty']]);
    expect(out.kpi.crossings.some((c) => c.crossing === 'valueOf')).toBe(true);
  });
});
