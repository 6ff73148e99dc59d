/**
 * The limits the listeners enforce, as the configuration resolves them (`server.*` in
 * config/schema-server-limits.ts, which says what each bounds): spelled out here so that http/
 * depends on the shape, not on the configuration module.
 */
export interface EdgeLimits {
  readonly maxConnections: number;
  readonly maxConnectionsPerSource: number;
  readonly maxUnauthenticatedBodyBytes: number;
  readonly maxUnauthenticatedBodyBytesPerConnection: number;
  readonly bodyIdleTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly tlsHandshakeTimeoutMs: number;
  readonly http2MaxConcurrentStreams: number;
}
