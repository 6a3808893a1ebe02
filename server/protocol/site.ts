import { z } from 'zod';
import { IdSchema, LaneDirectionSchema, LatSchema, LocalizedSchema, LonSchema } from './common';
import { idRecord, idRecordSchema, ownValue } from './idRecord';
import { TerrainSpecSchema } from './terrainSpec';

const LatLonSchema = z.tuple([LatSchema, LonSchema]);
const PathSchema = z.array(LatLonSchema).min(2);
const HourSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00–23:59)');

export const VehicleClassSchema = z.enum(['truck', 'agv', 'rail', 'passenger']);
export type VehicleClass = z.infer<typeof VehicleClassSchema>;

export const HoursSchema = z.strictObject({ open: HourSchema, close: HourSchema });
/** Opening hours in Vietnam local time (UTC+7). */
export type Hours = z.infer<typeof HoursSchema>;

export const LaneSchema = z.strictObject({
  id: IdSchema,
  direction: LaneDirectionSchema,
  classes: z.array(VehicleClassSchema).min(1),
  /** Nominal service time of a green-channel vehicle, seconds. */
  serviceS: z.number().positive().max(7200),
  open: z.boolean(),
  hours: HoursSchema.optional(),
});
export type Lane = z.infer<typeof LaneSchema>;

const Place = { lat: LatSchema, lon: LonSchema, approx: z.boolean() };

const BandSchema = z.strictObject({ warning: z.number().min(0), critical: z.number().min(0) }).refine((b) => b.critical >= b.warning, 'critical must be at or above warning');

/**
 * A crossing's service levels: the thresholds its status and alerts are judged by. Waits are of trucks waiting
 * now (queue join to now), minutes; perishables against the limit, minutes; yard fill as a share of the yard's
 * capacity; the day's projection against `dailyTarget` (trucks cleared per day, both directions) as a shortfall
 * share; no clearance while open and trucks wait, minutes; AGVs idle while containers wait, minutes.
 */
export const ServiceLevelsSchema = z.strictObject({
  waitMeanMin: BandSchema,
  waitP95Min: BandSchema,
  perishableMin: BandSchema,
  yardFill: BandSchema,
  dailyTarget: z.int().positive().optional(),
  shortfall: BandSchema,
  noClearanceMin: BandSchema,
  agvIdleMin: BandSchema,
});
export type ServiceLevels = z.infer<typeof ServiceLevelsSchema>;

/** Service levels of a crossing that says nothing else (README, "Service levels and statuses"). */
export const DEFAULT_SERVICE_LEVELS: ServiceLevels = {
  waitMeanMin: { warning: 30, critical: 45 },
  waitP95Min: { warning: 60, critical: 90 },
  perishableMin: { warning: 90, critical: 120 },
  yardFill: { warning: 0.8, critical: 0.95 },
  shortfall: { warning: 0.1, critical: 0.25 },
  noClearanceMin: { warning: 20, critical: 45 },
  agvIdleMin: { warning: 10, critical: 30 },
};

export const CrossingSchema = z.strictObject({
  id: IdSchema,
  name: LocalizedSchema,
  kind: z.enum(['freight', 'passenger', 'clearance']),
  markers: z.array(z.string()).min(1),
  ...Place,
  hours: HoursSchema,
  target2027: z.tuple([z.int().positive(), z.int().positive()]).optional(),
  lanes: z.array(LaneSchema),
  yards: z.strictObject({ vn: IdSchema, cn: IdSchema }).optional(),
  /** Roads from the gate outward on each side; index 0 lies at the gate. */
  roads: z.strictObject({ vn: PathSchema, cn: PathSchema }),
  /** Thresholds of its status and alerts; unset parts take DEFAULT_SERVICE_LEVELS. */
  serviceLevels: ServiceLevelsSchema.partial().optional(),
});
export type Crossing = z.infer<typeof CrossingSchema>;

export const SideSchema = z.enum(['vn', 'cn']);
export type Side = z.infer<typeof SideSchema>;

export const YardSchema = z.strictObject({
  id: IdSchema,
  name: LocalizedSchema,
  side: SideSchema,
  kind: z.enum(['staging', 'border-yard', 'agv-terminal']),
  ...Place,
  capacity: z.int().positive(),
});
export type Yard = z.infer<typeof YardSchema>;

/**
 * How a corridor's VDA 5050 map lies on the earth: the map's (0, 0) at `origin`, its x axis turned `rotation`
 * radians counter-clockwise from east (VDA 5050 maps are right-handed, x/y in metres, theta in radians).
 */
export const Vda5050MapSchema = z.strictObject({
  mapId: z.string().min(1).max(64),
  origin: z.strictObject({ lat: LatSchema, lon: LonSchema }),
  rotation: z.number().min(-2 * Math.PI).max(2 * Math.PI),
});
export type Vda5050Map = z.infer<typeof Vda5050MapSchema>;

export const CorridorSchema = z.strictObject({
  id: IdSchema,
  name: LocalizedSchema,
  crossing: IdSchema,
  kind: z.enum(['agv', 'rail']),
  from: IdSchema,
  to: IdSchema,
  path: PathSchema,
  lanesEachWay: z.int().min(1).max(4),
  speedLimitKmh: z.number().positive().max(120),
  optional: z.boolean(),
  approx: z.boolean(),
  /** The corridor's map for AGVs that speak VDA 5050 (optional: without it, none of them is placed on it). */
  vda5050: Vda5050MapSchema.optional(),
});
export type Corridor = z.infer<typeof CorridorSchema>;

export const ChargerSchema = z.strictObject({
  id: IdSchema,
  yard: IdSchema,
  slots: z.int().min(1),
  chargeHours: z.number().positive(),
  approx: z.boolean(),
});
export type Charger = z.infer<typeof ChargerSchema>;

export const ConfigurationSchema = z.strictObject({
  id: IdSchema,
  name: LocalizedSchema,
  lanes: idRecordSchema(IdSchema, z.array(LaneSchema)).optional(),
  hours: idRecordSchema(IdSchema, HoursSchema).optional(),
  fleets: idRecordSchema(IdSchema, z.int().min(0)).optional(),
  chargers: idRecordSchema(IdSchema, z.int().min(1)).optional(),
  /** Per crossing: service levels replacing the crossing's own, part by part. */
  serviceLevels: idRecordSchema(IdSchema, ServiceLevelsSchema.partial()).optional(),
});
/** A named set of overrides ("today", "2027-target") applied on top of the base site. */
export type Configuration = z.infer<typeof ConfigurationSchema>;

const SiteObjectSchema = z.strictObject({
  version: z.literal(1),
  name: LocalizedSchema,
  approxNote: z.string(),
  origin: z.strictObject({ lat: LatSchema, lon: LonSchema }),
  timezones: z.strictObject({ vn: z.number(), cn: z.number() }),
  channelServiceFactor: z.strictObject({ green: z.number().positive(), yellow: z.number().positive(), red: z.number().positive() }),
  markers: z.array(z.strictObject({ id: z.string().regex(/^\d{4}(\/\d+)?$/, 'marker ids look like 1104 or 1088/2'), ...Place })).min(2),
  border: z.strictObject({ path: PathSchema, approx: z.boolean() }),
  crossings: z.array(CrossingSchema).min(1),
  yards: z.array(YardSchema),
  corridors: z.array(CorridorSchema),
  chargers: z.array(ChargerSchema),
  fleets: idRecordSchema(IdSchema, z.int().min(0)),
  inspections: z.array(
    z.strictObject({ id: IdSchema, crossing: IdSchema, kind: z.enum(['customs', 'quarantine', 'smart-gate', 'scanner']), side: SideSchema, ...Place }),
  ),
  zones: z.array(z.strictObject({ id: IdSchema, crossing: IdSchema, side: SideSchema, path: PathSchema })),
  configurations: z.array(ConfigurationSchema).min(1),
  /** How the scene's ground is generated (approximations, replaceable): optional, defaults in terrainSpec.ts. */
  terrain: TerrainSpecSchema.optional(),
});

/** The site model (assets/site.json): the place, its crossings, lanes, yards, corridors and zones. */
export const SiteSchema = SiteObjectSchema.superRefine((site, ctx) => {
  const ids = (xs: { id: string }[]) => new Set(xs.map((x) => x.id));
  const yards = ids(site.yards);
  const crossings = ids(site.crossings);
  const corridors = ids(site.corridors);
  const markers = ids(site.markers);
  const ref = (ok: boolean, path: (string | number)[], what: string) => {
    if (!ok) ctx.addIssue({ code: 'custom', path, message: `unknown ${what}` });
  };
  const unique = (xs: { id: string }[], path: string) => {
    const seen = new Set<string>();
    xs.forEach((x, i) => {
      if (seen.has(x.id)) ctx.addIssue({ code: 'custom', path: [path, i, 'id'], message: `duplicate id ${x.id}` });
      seen.add(x.id);
    });
  };
  for (const [key, xs] of [['markers', site.markers], ['crossings', site.crossings], ['yards', site.yards], ['corridors', site.corridors], ['zones', site.zones]] as const) {
    unique(xs, key);
  }
  unique(site.crossings.flatMap((c) => c.lanes), 'lanes');
  site.crossings.forEach((c, i) => {
    c.markers.forEach((m, j) => ref(markers.has(m), ['crossings', i, 'markers', j], `marker ${m}`));
    if (c.yards) {
      ref(yards.has(c.yards.vn), ['crossings', i, 'yards', 'vn'], `yard ${c.yards.vn}`);
      ref(yards.has(c.yards.cn), ['crossings', i, 'yards', 'cn'], `yard ${c.yards.cn}`);
    }
  });
  site.corridors.forEach((c, i) => {
    ref(crossings.has(c.crossing), ['corridors', i, 'crossing'], `crossing ${c.crossing}`);
    ref(yards.has(c.from), ['corridors', i, 'from'], `yard ${c.from}`);
    ref(yards.has(c.to), ['corridors', i, 'to'], `yard ${c.to}`);
  });
  site.chargers.forEach((c, i) => ref(yards.has(c.yard), ['chargers', i, 'yard'], `yard ${c.yard}`));
  Object.keys(site.fleets).forEach((k) => ref(corridors.has(k), ['fleets', k], `corridor ${k}`));
  site.inspections.forEach((x, i) => ref(crossings.has(x.crossing), ['inspections', i, 'crossing'], `crossing ${x.crossing}`));
  site.zones.forEach((z, i) => ref(crossings.has(z.crossing), ['zones', i, 'crossing'], `crossing ${z.crossing}`));
  if (site.terrain?.col) ref(crossings.has(site.terrain.col.crossing), ['terrain', 'col', 'crossing'], `crossing ${site.terrain.col.crossing}`);
  if (site.terrain?.cut) ref(corridors.has(site.terrain.cut.corridor), ['terrain', 'cut', 'corridor'], `corridor ${site.terrain.cut.corridor}`);
  site.configurations.forEach((cfg, i) => {
    for (const k of Object.keys(cfg.lanes ?? {})) ref(crossings.has(k), ['configurations', i, 'lanes', k], `crossing ${k}`);
    for (const k of Object.keys(cfg.serviceLevels ?? {})) ref(crossings.has(k), ['configurations', i, 'serviceLevels', k], `crossing ${k}`);
    for (const k of Object.keys(cfg.hours ?? {})) ref(crossings.has(k), ['configurations', i, 'hours', k], `crossing ${k}`);
    for (const k of Object.keys(cfg.fleets ?? {})) ref(corridors.has(k), ['configurations', i, 'fleets', k], `corridor ${k}`);
  });
});
export type Site = z.infer<typeof SiteObjectSchema>;

/** The site with one configuration's overrides applied: lanes, hours, fleets and charger slots. */
export function applyConfiguration(site: Site, configId: string): Site {
  const cfg = site.configurations.find((c) => c.id === configId);
  if (!cfg) throw new Error(`unknown configuration "${configId}"; the site has: ${site.configurations.map((c) => c.id).join(', ')}`);
  return {
    ...site,
    crossings: site.crossings.map((c) => ({
      ...c,
      lanes: cfg.lanes?.[c.id] ?? c.lanes,
      hours: cfg.hours?.[c.id] ?? c.hours,
      ...serviceLevelsOverride(c.serviceLevels, ownValue(cfg.serviceLevels, c.id)),
    })),
    fleets: idRecord([...Object.entries(site.fleets), ...Object.entries(cfg.fleets ?? {})]),
    chargers: site.chargers.map((ch) => ({ ...ch, slots: cfg.chargers?.[ch.id] ?? ch.slots })),
  };
}

type LevelsPart = NonNullable<Crossing['serviceLevels']>;

// The parts a crossing or configuration sets (a part given as undefined sets nothing).
function definedParts(p: LevelsPart | undefined): Partial<ServiceLevels> {
  return Object.fromEntries(Object.entries(p ?? {}).filter(([, v]) => v !== undefined)) as Partial<ServiceLevels>;
}

function serviceLevelsOverride(own: LevelsPart | undefined, over: LevelsPart | undefined): { serviceLevels?: LevelsPart } {
  if (!own && !over) return {};
  return { serviceLevels: { ...definedParts(own), ...definedParts(over) } };
}

/** The crossing's service levels with every unset part filled from the defaults. */
export function serviceLevelsOf(c: Pick<Crossing, 'serviceLevels'>): ServiceLevels {
  return { ...DEFAULT_SERVICE_LEVELS, ...definedParts(c.serviceLevels) };
}
