/** Why a message breaks the size limits, or undefined when it is within them. */
export type SizeVerdict = { index: number; reason: string } | undefined;

/**
 * An upper-bound estimate of a value's JSON size, walking iteratively (no recursion to overflow) and stopping as
 * soon as it passes `maxBytes` or nests deeper than `maxDepth`. Cheap on valid messages (a dozen flat fields).
 */
export function measure(value: unknown, maxBytes: number, maxDepth: number): { bytes: number; tooDeep: boolean } {
  let bytes = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || v === undefined) bytes += 4;
    else if (typeof v === 'string') bytes += v.length * 3 + 2; // worst case UTF-8 as JSON
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') bytes += 24;
    else if (typeof v === 'object') {
      if (depth >= maxDepth) return { bytes, tooDeep: true };
      if (ArrayBuffer.isView(v)) bytes += v.byteLength * 2;
      else if (v instanceof ArrayBuffer) bytes += v.byteLength * 2;
      else if (Array.isArray(v)) {
        bytes += 2 + v.length;
        for (let i = 0; i < v.length && bytes <= maxBytes; i++) stack.push([v[i], depth + 1]);
      } else {
        bytes += 2;
        for (const k of Object.keys(v)) {
          bytes += k.length * 3 + 4;
          if (bytes > maxBytes) break;
          stack.push([(v as Record<string, unknown>)[k], depth + 1]);
        }
      }
    } else bytes += 8;
    if (bytes > maxBytes) return { bytes, tooDeep: false };
  }
  return { bytes, tooDeep: false };
}

/**
 * The most `measure` can say of a message the schemas accept: flat, known keys only, every string bounded (ids
 * ≤ 64 ASCII characters, `unit` ≤ 16). A test builds the largest valid message of each kind and holds it to this.
 */
export const VALID_TELEMETRY_MAX_BYTES = 2_048;

/**
 * The first message of a telemetry batch over `maxBytes` or nested deeper than `maxDepth` (a valid message is a
 * flat object, depth 1). Batches that are not arrays are left to the pipeline, which refuses them with a reason.
 * `valid`, if given, is the schema check: a message it accepts is known to measure at most
 * VALID_TELEMETRY_MAX_BYTES, so when the limit is at least that it is not walked (the walk is for the rest).
 */
export function oversizedMessage(batch: unknown, maxBytes: number, maxDepth: number, valid?: (m: unknown) => boolean): SizeVerdict {
  if (!Array.isArray(batch)) return undefined;
  const skipValid = valid !== undefined && maxBytes >= VALID_TELEMETRY_MAX_BYTES;
  for (let i = 0; i < batch.length; i++) {
    if (skipValid && valid(batch[i])) continue;
    const m = measure(batch[i], maxBytes, maxDepth);
    if (m.tooDeep) return { index: i, reason: `message ${i} is nested deeper than ${maxDepth} levels` };
    if (m.bytes > maxBytes) return { index: i, reason: `message ${i} is over the ${maxBytes}-byte limit` };
  }
  return undefined;
}
