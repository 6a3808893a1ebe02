import { z } from 'zod';

/** Names an id may not take: they are properties every plain object has. */
export const RESERVED_IDS = ['__proto__', 'constructor', 'prototype'] as const;
const reserved: ReadonlySet<string> = new Set(RESERVED_IDS);

/** Device, vehicle, lane and zone ids: short, printable, safe to log and to use as map keys. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'must start with a letter or digit and use only A-Z a-z 0-9 . _ : / -')
  .refine((s) => !reserved.has(s), 'reserved id');

/** Epoch milliseconds, UTC; bounded to years 2000–2200 so garbage clocks are caught at the edge. */
export const EpochMsSchema = z.int().min(946_684_800_000).max(7_258_118_400_000);

export const LatSchema = z.number().min(-90).max(90);
export const LonSchema = z.number().min(-180).max(180);

export const DirectionSchema = z.enum(['export', 'import']);
export type Direction = z.infer<typeof DirectionSchema>;

export const LaneDirectionSchema = z.enum(['export', 'import', 'reversible']);
export type LaneDirection = z.infer<typeof LaneDirectionSchema>;

export const CargoSchema = z.enum(['fruit', 'agri', 'fishery', 'electronics', 'machinery', 'cars', 'chemicals', 'fabric', 'general']);
export type Cargo = z.infer<typeof CargoSchema>;

export const ChannelSchema = z.enum(['green', 'yellow', 'red']);
export type Channel = z.infer<typeof ChannelSchema>;

/** Text in the three languages of the interface. */
export const LocalizedSchema = z.strictObject({ vi: z.string().min(1), zh: z.string().min(1), en: z.string().min(1) });
export type Localized = z.infer<typeof LocalizedSchema>;

/** One readable line per zod issue: `path.to.field: message`. */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
