import type { Plan } from '../protocol';

// Two 32-bit FNV-1a streams with different offset bases: 64 bits of hash without BigInt (fast, pure JS).
let h1 = 0;
let h2 = 0;

function feed(s: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193);
  }
}

// Canonical JSON fed straight into the hash: object keys sorted, undefined properties skipped (as JSON does).
function walk(v: unknown): void {
  if (v === null || typeof v !== 'object') {
    feed(v === undefined ? 'null' : JSON.stringify(v));
    return;
  }
  if (Array.isArray(v)) {
    feed('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) feed(',');
      walk(v[i]);
    }
    feed(']');
    return;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  feed('{');
  let first = true;
  for (const k of keys) {
    if (o[k] === undefined) continue;
    if (!first) feed(',');
    first = false;
    feed(JSON.stringify(k));
    feed(':');
    walk(o[k]);
  }
  feed('}');
}

const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');

/** Stable 64-bit hash (16 hex digits) of a plan's canonical JSON: equal plans, equal hashes, on any machine. */
export function planHash(plan: Plan): string {
  h1 = 0x811c9dc5;
  h2 = 0x050c5d1f;
  walk(plan);
  return hex(h1) + hex(h2);
}
