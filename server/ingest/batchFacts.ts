// What the transport learned about a telemetry batch before the pipeline, so the pipeline need not learn it again.

// Batches whose every message the security edge already held to the schema check (on its way to the size limit).
const checked = new WeakSet<object>();

/** Notes that every message of `batch` passed `isTelemetry` (the security edge checked, nothing has touched it since). */
export function markSchemaChecked(batch: unknown): void {
  if (typeof batch === 'object' && batch !== null) checked.add(batch);
}

/** True when `batch` was marked by `markSchemaChecked`. */
export function schemaChecked(batch: unknown): boolean {
  return typeof batch === 'object' && batch !== null && checked.has(batch);
}
