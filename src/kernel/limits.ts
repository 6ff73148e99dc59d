/**
 * What the HTTP edge bounds: connections, bodies still being received, and every wait. The
 * configuration resolves these (`server.*`) and the listeners enforce them; described one by one
 * in config/schema-server-limits.ts.
 */
export interface EdgeLimits {
  readonly maxConnections: number;
  /** Trusted proxies are exempt. */
  readonly maxConnectionsPerSource: number;
  readonly maxUnauthenticatedBodyBytes: number;
  /** maxBodyBytes unless configured. */
  readonly maxUnauthenticatedBodyBytesPerConnection: number;
  readonly bodyIdleTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly tlsHandshakeTimeoutMs: number;
  readonly http2MaxConcurrentStreams: number;
}
