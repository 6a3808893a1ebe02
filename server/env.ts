import { z } from 'zod';
import { formatZodError, PolicyNameSchema } from './protocol';
import type { ReaderBudgets } from './replay/pool/budgets';
import type { SecuritySettings } from './security/settings';

/** A variable holding a number ≥ min (a whole one when `int`), with an error that says so. */
function numberVar(min: number, opts: { int?: boolean; max?: number } = {}) {
  const what = `${opts.int ? 'a whole number' : 'a number'} ≥ ${min}${opts.max !== undefined ? ` and ≤ ${opts.max}` : ''}`;
  return z
    .string()
    .trim()
    .transform(Number)
    .pipe(
      z
        .number({ error: `must be ${what}` })
        .refine((n) => Number.isFinite(n) && n >= min && (opts.max === undefined || n <= opts.max) && (!opts.int || Number.isInteger(n)), `must be ${what}`),
    );
}
const onOff = z.enum(['on', 'off'], { error: 'must be on or off' });
const origins = z.string().transform((raw, ctx) => {
  const list = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const o of list) if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) ctx.addIssue({ code: 'custom', message: `"${o}" is not scheme://host[:port] or *` });
  return list.map((o) => o.toLowerCase());
});

/**
 * Every environment variable the server reads (README, "Settings"), in one schema: a wrong value stops the start
 * with one line per bad variable, naming it and what it must be. Variables not listed here are ignored.
 */
export const EnvSchema = z.object({
  PORT: numberVar(0, { int: true, max: 65_535 }).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  GATETWIN_DATA_DIR: z.string().min(1).optional(),
  GATETWIN_TOKENS_FILE: z.string().min(1).optional(),
  GATETWIN_SITE: z.string().min(1).optional(),
  GATETWIN_SIM: onOff.default('on'),
  GATETWIN_SCENARIO: z.string().min(1).default('normal'),
  GATETWIN_SIM_SPEED: numberVar(0, { max: 3600 }).refine((n) => n > 0, 'must be a number in (0, 3600]').default(4),
  GATETWIN_CONFIG: z.string().min(1).optional(),
  GATETWIN_POLICY: PolicyNameSchema.default('default'),
  GATETWIN_RETENTION_DAYS: numberVar(1, { int: true }).optional(),
  GATETWIN_ALLOWED_ORIGINS: origins.optional(),
  GATETWIN_MAX_SKEW_MS: numberVar(1).optional(),
  GATETWIN_INGEST_RATE: numberVar(1).optional(),
  GATETWIN_MAX_CONNECTIONS_PER_TOKEN: numberVar(1).transform(Math.floor).optional(),
  GATETWIN_MAX_CONNECTIONS_PER_ADDRESS: numberVar(1).transform(Math.floor).optional(),
  GATETWIN_HEAVY_PER_MINUTE: numberVar(1).optional(),
  GATETWIN_WHATIF_KEEP: numberVar(0, { int: true }).optional(),
  GATETWIN_WHATIF_MAX_AGE_DAYS: numberVar(1, { int: true }).optional(),
  GATETWIN_AUDIT_MAX_BYTES: numberVar(4_096, { int: true }).optional(),
  GATETWIN_AUDIT_KEEP_FILES: numberVar(1, { int: true }).optional(),
  GATETWIN_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  GATETWIN_READER_THREADS: numberVar(1, { int: true }).optional(),
  GATETWIN_REPLAY_PER_TOKEN: numberVar(1, { int: true }).optional(),
  GATETWIN_REPLAY_TOTAL: numberVar(1, { int: true }).optional(),
  GATETWIN_EXPORTS: numberVar(1, { int: true }).optional(),
  GATETWIN_WHATIF_QUEUE: numberVar(0, { int: true }).optional(),
  NATS_URL: z.string().min(1).optional(),
  REDIS_URL: z.string().min(1).optional(),
  GATETWIN_NATS_REPLICAS: numberVar(1, { int: true, max: 5 }).default(1),
  MQTT_URL: z.string().min(1).optional(),
  GATETWIN_VDA5050: onOff.default('off'),
  GATETWIN_VDA5050_INTERFACE: z.string().min(1).default('uagv'),
  GATETWIN_VDA5050_LOAD_TYPE: z.string().min(1).optional(),
  GATETWIN_SITE_ID: z.string().min(1).default('lang-son'),
  GATETWIN_NODE_ID: z.string().min(1).optional(),
  GATETWIN_LEADER_TTL_MS: numberVar(1).optional(),
});
export type Env = z.infer<typeof EnvSchema>;

/** The environment, checked; throws one line per bad variable (`GATETWIN_SIM_SPEED: must be …`). */
export function parseEnv(env: NodeJS.ProcessEnv): Env {
  // An empty variable counts as unset, as in most shells' `VAR= cmd`.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = EnvSchema.safeParse(set);
  if (!r.success) throw new Error(`invalid environment: ${formatZodError(r.error)}`);
  return r.data;
}

/** The security limits the environment sets (the rest keep their defaults). */
export function securityFromEnv(e: Env): Partial<SecuritySettings> {
  const out: Partial<SecuritySettings> = {};
  if (e.GATETWIN_ALLOWED_ORIGINS !== undefined) out.allowedOrigins = e.GATETWIN_ALLOWED_ORIGINS;
  if (e.GATETWIN_MAX_SKEW_MS !== undefined) out.maxSkewMs = e.GATETWIN_MAX_SKEW_MS;
  if (e.GATETWIN_INGEST_RATE !== undefined) Object.assign(out, { ingestRate: e.GATETWIN_INGEST_RATE, ingestBurst: 2 * e.GATETWIN_INGEST_RATE });
  if (e.GATETWIN_MAX_CONNECTIONS_PER_TOKEN !== undefined) out.maxConnectionsPerToken = e.GATETWIN_MAX_CONNECTIONS_PER_TOKEN;
  if (e.GATETWIN_MAX_CONNECTIONS_PER_ADDRESS !== undefined) out.maxConnectionsPerAddress = e.GATETWIN_MAX_CONNECTIONS_PER_ADDRESS;
  if (e.GATETWIN_HEAVY_PER_MINUTE !== undefined) out.heavyPerMinute = e.GATETWIN_HEAVY_PER_MINUTE;
  return out;
}

/** The reader-thread budgets the environment sets (the rest keep their defaults). */
export function budgetsFromEnv(e: Env): Partial<ReaderBudgets> {
  const pairs: [keyof ReaderBudgets, number | undefined][] = [
    ['threads', e.GATETWIN_READER_THREADS], ['sessionsPerToken', e.GATETWIN_REPLAY_PER_TOKEN], ['sessionsTotal', e.GATETWIN_REPLAY_TOTAL],
    ['exports', e.GATETWIN_EXPORTS], ['whatifQueue', e.GATETWIN_WHATIF_QUEUE],
  ];
  return Object.fromEntries(pairs.filter(([, v]) => v !== undefined));
}
