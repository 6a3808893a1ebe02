import { readFileSync } from 'node:fs';
import { formatZodError, SiteSchema, type Site } from './protocol';

/** Loads and validates the site model; throws a message naming the broken field. */
export function loadSite(path: string): Site {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`site file ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = SiteSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`site file ${path} is invalid: ${formatZodError(parsed.error)}`);
  return parsed.data;
}
