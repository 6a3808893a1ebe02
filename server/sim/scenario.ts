import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { applyConfiguration, CargoSchema, ModeMixSchema, idRecord, ChannelSchema, formatZodError, idRecordSchema, IdSchema, LocalizedSchema, type Site } from '../protocol';

const HourSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const Weights = <T extends z.ZodType<string>>(key: T) => z.partialRecord(key, z.number().min(0));

export const ScenarioSchema = z.strictObject({
  id: IdSchema,
  name: LocalizedSchema,
  description: z.string(),
  /** Site configuration to run under ("today", "2027-target"). */
  configuration: IdSchema,
  /** Opening hours extended for this day (peaks are served until 20:00, 22:00 or 23:00), per crossing. */
  hours: idRecordSchema(IdSchema, z.strictObject({ open: HourSchema, close: HourSchema })).optional(),
  /** AGVs (or rail shuttles) per corridor, overriding the configuration's fleets. */
  fleets: idRecordSchema(IdSchema, z.int().min(0)).optional(),
  seed: z.int(),
  /** Site-local (UTC+7) time the day starts at. */
  start: HourSchema,
  /** Trucks arriving per day, per crossing. */
  demand: idRecordSchema(IdSchema, z.number().min(0)),
  exportShare: z.number().min(0).max(1),
  /** Relative arrival rate for each hour of the local day (24 values). */
  hourlyProfile: z.array(z.number().min(0)).length(24),
  cargoMix: z.strictObject({ export: Weights(CargoSchema), import: Weights(CargoSchema) }),
  perishableCargo: z.array(CargoSchema),
  channelMix: Weights(ChannelSchema),
  /** Trucks already waiting when the day starts, per crossing and direction. */
  initialQueue: idRecordSchema(IdSchema, z.strictObject({ export: z.int().min(0), import: z.int().min(0) })),
  /** Multiplies every lane's service time (e.g. 10 for a jam where clearance collapsed). */
  serviceFactor: z.number().positive(),
  agv: z.strictObject({
    containersPerDay: idRecordSchema(IdSchema, z.number().min(0)),
    faultsPerAgvDay: z.number().min(0),
    faultMinutes: z.number().positive(),
  }),
  weather: z.array(z.strictObject({ from: HourSchema, to: HourSchema, kind: z.enum(['fog', 'rain', 'clear']), serviceFactor: z.number().positive() })),
  incidents: z.array(
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('agv-fault'), at: HourSchema, agv: IdSchema, durationMin: z.number().positive() }),
      z.strictObject({ kind: z.literal('sensor-dropout'), at: HourSchema, sensor: z.string(), durationMin: z.number().positive() }),
      z.strictObject({ kind: z.literal('lane-closure'), at: HourSchema, lane: IdSchema, durationMin: z.number().positive() }),
    ]),
  ),
  sensors: z.strictObject({ noise: z.number().min(0), dropoutRate: z.number().min(0).max(1) }),
  /** Ways of crossing: when present, every truck gets a mode drawn from this mix (over what its crossing allows). */
  crossingModes: z.strictObject({ mix: ModeMixSchema.optional(), twoWayPilot: z.boolean().optional() }).optional(),
});
/** A simulated day as data: demand, mix, initial queues, weather and incidents. */
export type Scenario = z.infer<typeof ScenarioSchema>;

/** The site as this scenario runs it: its configuration, then its own hours and fleets. */
export function scenarioSite(base: Site, scenario: Scenario, configuration = scenario.configuration): Site {
  const site = applyConfiguration(base, configuration);
  return {
    ...site,
    crossings: site.crossings.map((c) => {
      const h = scenario.hours?.[c.id];
      return h ? { ...c, hours: h, lanes: c.lanes.map(({ hours: _own, ...l }) => l) } : c;
    }),
    fleets: idRecord([...Object.entries(site.fleets), ...Object.entries(scenario.fleets ?? {})]),
  };
}

/** Names of the scenarios shipped in assets/scenarios. */
export function scenarioIds(dir = join(process.cwd(), 'assets', 'scenarios')): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** Loads and validates assets/scenarios/<id>.json. */
export function loadScenario(id: string, dir = join(process.cwd(), 'assets', 'scenarios')): Scenario {
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`scenario id "${id}" must be lowercase letters, digits and dashes`);
  const path = join(dir, `${id}.json`);
  const parsed = ScenarioSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`scenario ${path}: ${formatZodError(parsed.error)}`);
  return parsed.data;
}
