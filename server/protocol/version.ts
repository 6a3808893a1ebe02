/** Version of the ingest and viewer wire protocol; bumped on any breaking change. */
export const PROTOCOL_VERSION = 1;
