import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The hash that links a line to the one after it (first 16 hex digits of its SHA-256). */
export const lineHash = (line: string): string => createHash('sha256').update(line).digest('hex').slice(0, 16);

/** `audit.jsonl` → `audit.000042.jsonl`: rotated files sort by name in the order they were written. */
function rotatedPattern(path: string): { dir: string; re: RegExp; name: (n: number) => string } {
  const base = basename(path).replace(/\.jsonl$/, '');
  const esc = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { dir: dirname(path), re: new RegExp(`^${esc}\\.(\\d{6,})\\.jsonl$`), name: (n) => `${base}.${String(n).padStart(6, '0')}.jsonl` };
}

/** The rotated files of an audit log, oldest first. */
export function rotatedFiles(path: string): string[] {
  const p = rotatedPattern(path);
  if (!existsSync(p.dir)) return [];
  return readdirSync(p.dir)
    .map((f) => ({ f, m: p.re.exec(f) }))
    .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => Number(a.m[1]) - Number(b.m[1]))
    .map((x) => join(p.dir, x.f));
}

/** Where the current file goes when it rotates: the next number after the newest rotated file. */
export function nextRotatedPath(path: string): string {
  const p = rotatedPattern(path);
  const last = rotatedFiles(path).at(-1);
  const n = last ? Number(p.re.exec(basename(last))?.[1] ?? 0) + 1 : 1;
  return join(p.dir, p.name(n));
}

/** Deletes the oldest rotated files beyond `keep` (the current file is never deleted). */
export function dropOldRotated(path: string, keep: number): void {
  const files = rotatedFiles(path);
  for (const f of files.slice(0, Math.max(0, files.length - keep))) rmSync(f, { force: true });
}

/** The result of checking an audit log's hash chain over its rotated files and the current one. */
export interface ChainCheck {
  ok: boolean;
  files: number;
  records: number;
  /** The first line whose `prev` does not match the line before it. */
  broken?: { file: string; line: number };
}

/**
 * Checks that every line names the hash of the line before it, across rotation (the first line of each file
 * links to the last line of the file before). The oldest file's first line is trusted: older files were dropped.
 */
export function verifyAuditChain(path: string): ChainCheck {
  const files = [...rotatedFiles(path), ...(existsSync(path) ? [path] : [])];
  let prev: string | undefined;
  let records = 0;
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      let rec: { prev?: unknown };
      try {
        rec = JSON.parse(line) as { prev?: unknown };
      } catch {
        return { ok: false, files: files.length, records, broken: { file, line: i + 1 } };
      }
      if (prev !== undefined && rec.prev !== prev) return { ok: false, files: files.length, records, broken: { file, line: i + 1 } };
      prev = lineHash(line);
      records++;
    }
  }
  return { ok: true, files: files.length, records };
}
