import { z } from 'zod';

// Ids come from devices, site files and requests: they are data, never property names. A plain `{}` keyed by an id
// answers `rec['toString']` with Object.prototype's function and turns `rec['__proto__'] = x` into a prototype
// change, so one AGV named `toString` once stopped every engine tick. Id-keyed collections are `Map`s or IdRecords:
// objects without a prototype, so every key is an own property or absent, and they still serialize as JSON.
// ESLint (eslint.config.js) bans `Record<string, …>` and string index signatures elsewhere; this file is the exception.

declare const ID_RECORD: unique symbol;

/** A string-keyed record with no prototype. Only `idRecord()` makes one: a `{}` literal does not type-check as one. */
export type IdRecord<T> = { [id: string]: T } & { readonly [ID_RECORD]: true };

/** A new, empty IdRecord, optionally filled from a plain object or entries (own enumerable keys only). */
export function idRecord<T>(from?: Readonly<{ [id: string]: T }> | Iterable<readonly [string, T]>): IdRecord<T> {
  const rec = Object.create(null) as IdRecord<T>;
  if (from === undefined) return rec;
  const entries = Symbol.iterator in from ? (from as Iterable<readonly [string, T]>) : Object.entries(from);
  for (const [k, v] of entries) rec[k] = v;
  return rec;
}

/** The own value at `key` of any object (a parsed JSON object, say), never an inherited one. */
export function ownValue<T>(rec: Readonly<{ [id: string]: T }> | undefined, key: string): T | undefined {
  return rec !== undefined && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/** A zod record keyed by ids whose parsed value is an IdRecord (same JSON Schema as `z.record`). */
export function idRecordSchema<K extends z.ZodType<string, string>, V extends z.ZodType>(key: K, value: V) {
  return z.record(key, value).overwrite((r) => idRecord(r) as unknown as typeof r);
}
