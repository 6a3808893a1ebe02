import type { Server } from 'socket.io';

type Parser = Server['_parser'];

/**
 * Socket.IO's own parser with a decoder that reports every packet it cannot decode (bad type, bad JSON, bad
 * attachments, a payload of the wrong shape) before Socket.IO closes that connection, so they can be counted.
 */
export function countingParser(base: Parser, onMalformed: (error: unknown) => void): Parser {
  class CountingDecoder extends base.Decoder {
    override add(obj: unknown): void {
      try {
        super.add(obj);
      } catch (e) {
        onMalformed(e);
        throw e;
      }
    }
  }
  return { ...base, Decoder: CountingDecoder };
}

/** Installs `countingParser` on a server: Socket.IO builds each connection's decoder from `_parser`. */
export function countMalformedPackets(io: Server, onMalformed: (error: unknown) => void): void {
  Object.assign(io, { _parser: countingParser(io._parser, onMalformed) });
}
