/**
 * Every bad or refused input the edge saw, by kind (served in `GET /api/health` under `security`).
 * Telemetry messages that fail their schema are counted by the ingest pipeline (`ingest.rejected`).
 */
export interface SecurityCounters {
  /** Socket.IO handshakes refused: no token, unknown token, role not allowed here, too many connections. */
  refusedNoToken: number;
  refusedBadToken: number;
  refusedRole: number;
  refusedConnections: number;
  /** Browser origins refused (Socket.IO handshakes and HTTP API calls). */
  refusedOrigin: number;
  /** HTTP API calls refused for a missing/unknown token (401) or the role (403). */
  httpUnauthorized: number;
  httpForbidden: number;
  /** Anonymous refusals counted but not written to the audit log (sampling: a few lines a minute per reason). */
  refusalsSampledOut: number;
  /** TCP connections closed at once because their address already held the most allowed. */
  refusedAddressConnections: number;
  /** Engine.IO handshakes refused (bad transport, bad session id, bad request). */
  badHandshakes: number;
  /** Engine.IO packets that did not parse, Socket.IO packets that did not decode or broke the protocol. */
  malformedFrames: number;
  /** Connections closed for a packet over the size limit or a broken transport. */
  transportErrors: number;
  /** Telemetry batches refused whole (not an array, empty, over 500). */
  badBatches: number;
  /** Telemetry messages over the size or depth limit (their sender is disconnected). */
  oversizedMessages: number;
  /** HTTP bodies over the limit or not JSON. */
  badBodies: number;
  /** Viewer commands that failed their schema, and requests to events that do not exist. */
  badCommands: number;
  /** Commands refused for the role (audited). */
  deniedCommands: number;
  /** Events and batches refused by a rate limit, and sockets disconnected for persisting. */
  rateLimited: number;
  floodDisconnects: number;
  /** Accepted messages whose device time was further than the allowed skew from server time. */
  skewed: number;
  /** Sockets disconnected because their token was revoked or its role changed. */
  revoked: number;
  /** Token file reloads, and reloads refused because the new file was invalid (the old tokens stay). */
  tokenReloads: number;
  tokenReloadErrors: number;
  /** MQTT and VDA 5050 payloads (or messages in them) refused; by reason under `devices` in the health. */
  deviceRefused: number;
}

export function newSecurityCounters(): SecurityCounters {
  return {
    refusedNoToken: 0,
    refusedBadToken: 0,
    refusedRole: 0,
    refusedConnections: 0,
    refusedOrigin: 0,
    httpUnauthorized: 0,
    httpForbidden: 0,
    refusalsSampledOut: 0,
    refusedAddressConnections: 0,
    badHandshakes: 0,
    malformedFrames: 0,
    transportErrors: 0,
    badBatches: 0,
    oversizedMessages: 0,
    badBodies: 0,
    badCommands: 0,
    deniedCommands: 0,
    rateLimited: 0,
    floodDisconnects: 0,
    skewed: 0,
    revoked: 0,
    tokenReloads: 0,
    tokenReloadErrors: 0,
    deviceRefused: 0,
  };
}
