import { IdSchema } from '../../server/protocol';

/** Every name of Object.prototype (and the classic pollution keys) that the protocol's id rule admits as an id. */
export const PROTO_IDS: readonly string[] = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'constructor', 'prototype'])]
  .filter((n) => IdSchema.safeParse(n).success)
  .sort();
