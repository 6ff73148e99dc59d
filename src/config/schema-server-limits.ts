import { DEFAULTS } from "./defaults.js";

/**
 * The server's connection, time and memory limits: what an unauthenticated peer can make the
 * process hold (connections, bodies not yet verified) and for how long. Each bounds one way of
 * exhausting the server; the defaults leave ordinary clients, SDK retries and long streamed
 * generations well inside them.
 */
const ms = (minimum: number, maximum: number, fallback: number, description: string) =>
  ({ type: "integer", minimum, maximum, default: fallback, description }) as const;

const HOUR_MS = 3_600_000;

export const serverLimitProperties = {
  maxConnections: {
    type: "integer",
    minimum: 1,
    maximum: 1_000_000,
    default: DEFAULTS.maxConnections,
    description:
      "Most client connections open at once, over all listeners. Further connections are closed on accept, before TLS.",
  },
  maxConnectionsPerSource: {
    type: "integer",
    minimum: 1,
    maximum: 1_000_000,
    default: DEFAULTS.maxConnectionsPerSource,
    description:
      "Most connections open at once from one peer address; further ones are closed on accept, before TLS. Peers listed in " +
      "trustedProxies are exempt (every client behind a proxy or load balancer shares its address); behind an unlisted NAT " +
      "or proxy, raise this.",
  },
  maxUnauthenticatedBodyBytes: {
    type: "integer",
    minimum: 1024,
    maximum: 16 * 1024 * 1024 * 1024,
    default: DEFAULTS.maxUnauthenticatedBodyBytes,
    description:
      "Most bytes of request bodies held, over all connections, while they are being received (a body's signature can only " +
      "be checked once it is whole). A request that would go over is refused with ThrottlingException (429), which SDKs " +
      "retry. Must be at least maxUnauthenticatedBodyBytesPerConnection.",
  },
  maxUnauthenticatedBodyBytesPerConnection: {
    type: "integer",
    minimum: 1024,
    maximum: 16 * 1024 * 1024 * 1024,
    description:
      "As maxUnauthenticatedBodyBytes, for the requests of one connection (an HTTP/2 connection carries many at once). " +
      "Default: maxBodyBytes, so one connection receives one largest body at a time. Must be at least maxBodyBytes.",
  },
  bodyIdleTimeoutMs: ms(100, HOUR_MS, DEFAULTS.bodyIdleTimeoutMs,
    "A request whose body stops arriving for this long (milliseconds) is refused with RequestTimeoutException (408) and " +
    "its connection (HTTP/1.1) or stream (HTTP/2) closed: a Content-Length longer than the body cannot hold it open."),
  requestTimeoutMs: ms(1000, 24 * HOUR_MS, DEFAULTS.requestTimeoutMs,
    "The whole request, head and body, must arrive within this (milliseconds) of its start, however steadily it trickles; " +
    "otherwise it is refused as bodyIdleTimeoutMs says. Streaming the response is not limited by it."),
  headersTimeoutMs: ms(100, 24 * HOUR_MS, DEFAULTS.headersTimeoutMs,
    "An HTTP/1.1 request head must arrive within this (milliseconds); checked every quarter of it (at most every 30 s). " +
    "At most requestTimeoutMs."),
  idleTimeoutMs: ms(100, 24 * HOUR_MS, DEFAULTS.idleTimeoutMs,
    "A connection silent for this long (milliseconds) is closed when no request of its is being worked on, or when the " +
    "client has stopped reading what it asked for. One whose requests are waiting for a model is kept (the provider's " +
    "timeoutMs bounds those), and a streamed answer that is still flowing is never silent."),
  keepAliveTimeoutMs: ms(100, HOUR_MS, DEFAULTS.keepAliveTimeoutMs,
    "How long an HTTP/1.1 connection may wait for its next request (milliseconds). Behind a load balancer, set it above " +
    "the balancer's own idle timeout."),
  tlsHandshakeTimeoutMs: ms(100, 10 * 60_000, DEFAULTS.tlsHandshakeTimeoutMs,
    "A TLS handshake must complete within this (milliseconds)."),
  http2MaxConcurrentStreams: {
    type: "integer",
    minimum: 1,
    maximum: 10_000,
    default: DEFAULTS.http2MaxConcurrentStreams,
    description:
      "Most requests open at once on one HTTP/2 connection, advertised to clients (SETTINGS_MAX_CONCURRENT_STREAMS, " +
      "which clients such as the AWS SDKs keep to by queueing); a client that opens more anyway loses the connection.",
  },
} as const;
