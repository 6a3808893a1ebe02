import type { Server } from 'socket.io';

// What the transport learned about a telemetry batch before the pipeline, so the pipeline need not learn it again.
//
// The JSON text each telemetry batch arrived as. The recorder thread needs the accepted messages as JSON; when a
// batch is accepted whole and unchanged, the text it came in is exactly that, and serialising the parsed messages
// again on the ingest thread (measured: a sixth of its time under full load) can be skipped.
const texts = new WeakMap<object, string>();

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

/** The JSON text `batch` was decoded from, if a Socket.IO `telemetry` event brought it and it is known exactly. */
export function wireText(batch: unknown): string | undefined {
  return typeof batch === 'object' && batch !== null ? texts.get(batch) : undefined;
}

const EVENT = 2;
const PREFIX = '["telemetry",';

/**
 * The batch's text inside an event packet `2[/nsp,][id]["telemetry",<batch>]`, or undefined when it cannot be cut
 * out with certainty (whitespace where Socket.IO's encoder puts none, binary packets, anything unexpected): then
 * the pipeline serialises the messages itself, as before. Exported for its tests.
 */
export function batchTextOf(packet: string): string | undefined {
  if (packet.charCodeAt(0) !== 48 + EVENT) return undefined;
  let i = 1;
  if (packet.charCodeAt(1) === 47 /* / */) {
    i = packet.indexOf(',', 1) + 1;
    if (i === 0) return undefined;
  }
  while (i < packet.length && packet.charCodeAt(i) >= 48 && packet.charCodeAt(i) <= 57) i++;
  // Socket.IO's decoder parsed the payload from here (its id scan stops at the first character that is not a digit
  // or blank; a blank fails this test, so both start at the same place when it passes).
  if (!packet.startsWith(PREFIX, i) || packet.charCodeAt(packet.length - 1) !== 93 /* ] */) return undefined;
  return packet.slice(i + PREFIX.length, -1);
}

interface DecodedPacket {
  type: number;
  data?: unknown;
}

/**
 * Wraps the server's packet parser so each decoded `telemetry` event remembers the text of its batch. Decoders are
 * built per connection from `io._parser`, so this must run before devices connect; it composes with other wrappers.
 */
export function rememberWireText(io: Server): void {
  const base = io._parser;
  class TextDecoder extends base.Decoder {
    private packet: string | undefined;
    constructor(...args: ConstructorParameters<typeof base.Decoder>) {
      super(...args);
      // Registered here, before Socket.IO's own listener: the text is known by the time the event is dispatched.
      this.on('decoded', (p: DecodedPacket) => {
        const text = this.packet;
        this.packet = undefined;
        if (text === undefined || p.type !== EVENT || !Array.isArray(p.data) || p.data.length !== 2 || p.data[0] !== 'telemetry') return;
        const batch: unknown = p.data[1];
        if (typeof batch !== 'object' || batch === null) return;
        const own = batchTextOf(text);
        if (own !== undefined) texts.set(batch, own);
      });
    }
    override add(obj: unknown): void {
      this.packet = typeof obj === 'string' ? obj : undefined;
      super.add(obj);
    }
  }
  Object.assign(io, { _parser: { ...base, Decoder: TextDecoder } });
}
