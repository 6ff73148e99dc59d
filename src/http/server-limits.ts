import type { Server as HttpServer, ServerOptions as HttpServerOptions } from "node:http";
import type { Http2SecureServer, Http2Session, SecureServerOptions } from "node:http2";
import type { Socket } from "node:net";
import type { NodeRequest, NodeResponse } from "./exchange.js";
import type { EdgeLimits } from "./limits.js";
import { onSilence } from "./transports.js";
import type { InFlight, Transport, Transports } from "./transports.js";

/**
 * The listeners' time and concurrency limits, applied to node's servers: what node enforces
 * itself (TLS handshake, HTTP/1.1 head and request timeouts, keep-alive, HTTP/2 concurrent
 * streams) and the idle rule node cannot know (transports.ts: a silent connection is kept only
 * while its requests wait on us).
 */
export function http2Options(limits: EdgeLimits): SecureServerOptions {
  return {
    handshakeTimeout: limits.tlsHandshakeTimeoutMs,
    // Advertised in the first SETTINGS frame. Once the client has acknowledged it, nghttp2 treats
    // a stream beyond it as a connection error and drops the connection.
    settings: { maxConcurrentStreams: limits.http2MaxConcurrentStreams },
    // maxSessionMemory stays node's 10 MB: it bounds a session's protocol state (header tables,
    // queued frames), not request bodies, which the body budget bounds; past it node refuses
    // new streams, so lowering it would refuse busy honest clients first.
  };
}

/** node checks HTTP/1.1 head and request timeouts on an interval: a quarter of the head timeout, so one is enforced within 1.25 times it. */
function checkingInterval(limits: EdgeLimits): number {
  return Math.min(30_000, Math.max(25, Math.floor(limits.headersTimeoutMs / 4)));
}

export function http1Options(limits: EdgeLimits): HttpServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs, connectionsCheckingInterval: checkingInterval(limits),
  };
}

/**
 * Timeouts on a listening server. The HTTP/2 server's HTTP/1.1 fallback takes them as
 * properties (set before listen: the checking interval is read then); its `timeout` is each
 * HTTP/2 session's and each HTTP/1.1 socket's inactivity timeout, and a 'timeout' listener
 * makes what happens then ours to decide.
 */
export function applyTimeouts(server: Http2SecureServer | HttpServer, limits: EdgeLimits, transports: Transports): void {
  const fallback = server as Http2SecureServer & Partial<HttpServer>;
  fallback.headersTimeout = limits.headersTimeoutMs;
  fallback.requestTimeout = limits.requestTimeoutMs;
  fallback.keepAliveTimeout = limits.keepAliveTimeoutMs;
  (fallback as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = checkingInterval(limits);
  server.setTimeout(limits.idleTimeoutMs);
  server.on("timeout", (connection: Socket | Http2Session) => {
    const verdict = onSilence(transports.get(connection));
    if (verdict === "keep") return;
    if (verdict === "close" && isSession(connection)) {
      // GOAWAY first, so a client about to send a request knows to use a new connection.
      connection.close();
      setTimeout(() => connection.destroy(), 1000).unref();
      return;
    }
    connection.destroy();
  });
}

function isSession(connection: Socket | Http2Session): connection is Http2Session {
  return "goaway" in connection;
}

/** Counts the exchange as in flight on its transport until its response closes. */
export function track(transport: Transport, req: NodeRequest, res: NodeResponse): void {
  const request: InFlight = { queuedBytes: () => queuedBytes(req), answering: () => res.headersSent };
  transport.inFlight.add(request);
  res.once("close", () => transport.inFlight.delete(request));
}

/** Bytes of the answer not yet taken by the client: in the HTTP/2 stream, or in the socket under it. */
function queuedBytes(req: NodeRequest): number {
  if (!("stream" in req)) return req.socket?.writableLength ?? 0;
  const stream = req.stream;
  if (stream.destroyed) return 0;
  const session = stream.session;
  const underneath = session === undefined || session.destroyed ? 0 : session.socket.writableLength;
  return stream.writableLength + underneath;
}
