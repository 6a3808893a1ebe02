/** Every limit the edge enforces, in one place; `createApp` takes a partial and fills in the defaults. */
export interface SecuritySettings {
  /**
   * Browser origins allowed besides the server's own (`scheme://host:port`, or `*`); a request without an
   * `Origin` header (devices, scripts) is not a browser request and is judged by its token alone.
   */
  allowedOrigins: readonly string[];
  /** Allow any `http(s)://localhost|127.0.0.1|[::1]:<port>` origin (the Vite dev server, a local kiosk). */
  allowLocalhost: boolean;
  /** Largest Socket.IO/Engine.IO packet and HTTP body, bytes; a bigger packet closes the connection. */
  maxPacketBytes: number;
  /** Largest single telemetry message, bytes (as JSON); a bigger one disconnects its sender. */
  maxMessageBytes: number;
  /** Deepest nesting accepted inside a telemetry message (valid ones are flat: depth 1). */
  maxMessageDepth: number;
  /** Telemetry messages per second per device token (socket and HTTP together), and the burst on top. */
  ingestRate: number;
  ingestBurst: number;
  /** Socket.IO events per second per viewer socket (`/twin`, `/replay`), and the burst. */
  viewerEventRate: number;
  viewerEventBurst: number;
  /** Events per second per device socket, whatever their size (the message bucket comes on top). */
  deviceEventRate: number;
  deviceEventBurst: number;
  /** A socket throttled this many times within `strikeWindowMs` is disconnected. */
  maxStrikes: number;
  strikeWindowMs: number;
  /** Open Socket.IO connections per token, over all namespaces. */
  maxConnectionsPerToken: number;
  /** Open TCP connections (sockets and HTTP keep-alive alike) per remote address; more are closed at once. */
  maxConnectionsPerAddress: number;
  /** Requests per minute per address and token on the heavy routes (timeline, export, what-if), and the burst. */
  heavyPerMinute: number;
  heavyBurst: number;
  /** Audit lines per minute per reason for refusals without a valid token (the rest are counted). */
  auditRefusalsPerMinute: number;
  /** A device time further than this from server (twin) time is flagged: counted and recorded, still accepted. */
  maxSkewMs: number;
  /** Token file to watch for revocations (absent: tokens never change while running). */
  tokensFile?: string;
  /** How often the token file is re-read even without a change notification, ms. */
  tokenPollMs: number;
}

export const DEFAULT_SECURITY: SecuritySettings = {
  allowedOrigins: [],
  allowLocalhost: true,
  maxPacketBytes: 1_000_000,
  maxMessageBytes: 4_096,
  maxMessageDepth: 4,
  ingestRate: 20_000,
  ingestBurst: 40_000,
  viewerEventRate: 20,
  viewerEventBurst: 60,
  deviceEventRate: 500,
  deviceEventBurst: 1_000,
  maxStrikes: 1_000,
  strikeWindowMs: 10_000,
  maxConnectionsPerToken: 100,
  maxConnectionsPerAddress: 256,
  heavyPerMinute: 30,
  heavyBurst: 10,
  auditRefusalsPerMinute: 10,
  maxSkewMs: 10 * 60_000,
  tokenPollMs: 5_000,
};

/** The settings a caller gave, completed with the defaults. */
export function securitySettings(over: Partial<SecuritySettings> = {}): SecuritySettings {
  const defined = Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)) as Partial<SecuritySettings>;
  return { ...DEFAULT_SECURITY, ...defined };
}
