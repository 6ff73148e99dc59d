import { createServer as createHttpServer } from "node:http";
import type { Server as HttpServer } from "node:http";
import { createSecureServer } from "node:http2";
import type { Http2SecureServer } from "node:http2";
import type { AddressInfo, BlockList, Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { BodyBudget } from "./body-budget.js";
import { connectionFactsOf, peerAddress, presentedCertificate } from "./connection.js";
import { ConnectionGate } from "./connection-gate.js";
import type { ConnectionRefusal } from "./connection-gate.js";
import { inList, UNNAMED_LISTENER } from "./edge.js";
import type { ListenerExchange } from "./edge.js";
import { connectionOf, exchangeOf } from "./exchange.js";
import type { Exchange, NodeRequest, NodeResponse } from "./exchange.js";
import type { EdgeLimits } from "./limits.js";
import { applyTimeouts, http1Options, http2Options, track } from "./server-limits.js";
import { Transports } from "./transports.js";

/**
 * Listeners. The TLS listener serves HTTP/2 (ALPN h2: the AWS SDK for JavaScript's Bedrock
 * runtime client speaks it by default) and HTTP/1.1 on one port, offering only TLS 1.2 and 1.3.
 * Plain HTTP exists only when the operator asks for it (behind a TLS-terminating proxy).
 */
export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

/** What a listener hands each exchange to (the pipeline). */
export interface RequestHandler {
  handle(ex: Exchange): Promise<void>;
}

/**
 * Mutual TLS. The certificate is asked for in the handshake itself: HTTP/2 forbids TLS
 * renegotiation and TLS 1.3 has none, so there is no asking later, per route.
 */
export interface ClientCertificateOptions {
  /** PEM: the CA certificate(s) a client certificate must chain to. */
  readonly ca: string;
  /** True: a client without a certificate fails the handshake. False: it gets in without certificate facts. */
  readonly required: boolean;
}

export type RefusalReason = "source-network" | "client-certificate-missing" | "client-certificate-invalid" | ConnectionRefusal;

/** A connection turned away by a network control, for the operator's log. */
export interface Refusal {
  readonly listener: string;
  readonly peer: string;
  readonly reason: RefusalReason;
  /** For an invalid certificate: OpenSSL's verification code (CERT_HAS_EXPIRED, ...). */
  readonly detail?: string;
}

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  /** Absent: plain HTTP. */
  readonly tls?: TlsMaterial;
  readonly name?: string;
  readonly privateEndpointId?: string;
  /** Only with `tls`. */
  readonly clientCertificates?: ClientCertificateOptions;
  /** Peers outside this list are disconnected on accept, before TLS. */
  readonly allowedSources?: BlockList;
  readonly onRefused?: (refusal: Refusal) => void;
  readonly limits: EdgeLimits;
  /**
   * Shared by every listener of the process, so their limits are totals (startListeners passes
   * them); absent, this listener counts its own.
   */
  readonly gate?: ConnectionGate;
  readonly budget?: BodyBudget;
}

export interface Listener {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const TLS_CIPHERS = [
  "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
].join(":");

/**
 * HTTP/1.1 requests the parser refuses, and heads or requests that took longer than node's
 * timeouts allow, never reach the pipeline; they still get an AWS-shaped answer (and the
 * connection is closed, since framing can no longer be trusted). A connection on which an
 * answer has begun gets no second one written into it: it is just closed.
 */
const answeredMalformed = new WeakSet<Duplex>();

function answerMalformed(error: Error & { code?: string }, socket: Duplex, answering: boolean): void {
  // node's parser stays on the socket after its first error and reports every later chunk as
  // another clientError; destroying the socket then would reset it before our answer left.
  if (answeredMalformed.has(socket)) return;
  answeredMalformed.add(socket);
  if (!socket.writable || answering) {
    socket.destroy();
    return;
  }
  const [status, type, message] = error.code === "ERR_HTTP_REQUEST_TIMEOUT"
    ? ["408 Request Timeout", "RequestTimeoutException", "The request did not arrive in the time allowed"]
    : error.code === "HPE_HEADER_OVERFLOW"
      ? ["431 Request Header Fields Too Large", "ValidationException", "The request headers are too large"]
      : ["400 Bad Request", "ValidationException", "The request is not well-formed HTTP/1.1"];
  const body = JSON.stringify({ message });
  socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\nx-amzn-errortype: ${type}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  // A client still sending (a huge request line, say) would otherwise meet a closed socket, and
  // the reset it gets can discard our answer before it reads it: read and drop the rest for a
  // moment, then let go.
  socket.removeAllListeners("data");
  socket.on("data", () => undefined);
  socket.resume();
  setTimeout(() => socket.destroy(), 2000).unref();
}

export async function listen(pipeline: RequestHandler, options: ListenOptions): Promise<Listener> {
  const name = options.name ?? UNNAMED_LISTENER;
  const refuse = (socket: Socket, reason: RefusalReason, detail?: string): void =>
    options.onRefused?.({ listener: name, peer: peerAddress(socket), reason, ...(detail ? { detail } : {}) });
  const mtls = options.tls ? options.clientCertificates : undefined;
  const connectionFacts = connectionFactsOf(name, options.privateEndpointId, mtls !== undefined);
  const limits = options.limits;
  const gate = options.gate ?? new ConnectionGate(limits.maxConnections, limits.maxConnectionsPerSource);
  const budget = options.budget ?? new BodyBudget(limits.maxUnauthenticatedBodyBytes, limits.maxUnauthenticatedBodyBytesPerConnection);
  const transports = new Transports();
  const handler = (req: NodeRequest, res: NodeResponse): void => {
    const transport = transports.of(connectionOf(req));
    track(transport, req, res);
    const body = { budget, connection: transport, idleMs: limits.bodyIdleTimeoutMs, requestTimeoutMs: limits.requestTimeoutMs };
    const ex: ListenerExchange = Object.assign(exchangeOf(req, res, body, limits.idleTimeoutMs), { connection: connectionFacts(req) });
    // The pipeline answers every failure itself; anything escaping it is a bug, and must neither
    // leave a promise unhandled (which ends the process) nor leave the client waiting.
    pipeline.handle(ex).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end('{"message":"An internal error occurred"}');
      else res.destroy();
    });
  };
  const server: Http2SecureServer | HttpServer = options.tls
    ? createSecureServer({
        key: options.tls.key, cert: options.tls.cert, allowHTTP1: true,
        minVersion: "TLSv1.2", ciphers: TLS_CIPHERS, honorCipherOrder: true,
        ...(mtls ? { requestCert: true, rejectUnauthorized: mtls.required, ca: mtls.ca } : {}),
        ...http2Options(limits),
      }, handler)
    : createHttpServer(http1Options(limits), handler);
  applyTimeouts(server, limits, transports);
  // Counted from accept to close; prepended before the source check below, so it runs after it
  // and a peer refused for its network is never counted.
  server.prependListener("connection", (socket: Socket) => {
    if (socket.destroyed) return;
    const refused = gate.admit(socket);
    if (refused === undefined) return;
    refuse(socket, refused);
    socket.destroy();
  });
  const allowed = options.allowedSources;
  if (allowed) {
    // Ahead of the server's own handler: a refused peer costs no TLS handshake and meets no HTTP parser.
    server.prependListener("connection", (socket: Socket) => {
      if (inList(allowed, socket.remoteAddress ?? "")) return;
      refuse(socket, "source-network");
      socket.destroy();
    });
  }
  if (mtls) {
    // Reading the address caches it on the TCP socket, where the refusal log can still find it
    // after node has destroyed the TLS socket of an invalid certificate (see peerAddress).
    server.prependListener("connection", (socket: Socket) => { void socket.remoteAddress; });
  }
  if (mtls && !mtls.required) {
    // Optional certificates: one that was presented and does not verify is still refused.
    server.prependListener("secureConnection", (socket: TLSSocket) => {
      if (socket.authorized || !presentedCertificate(socket)) return;
      refuse(socket, "client-certificate-invalid", String(socket.authorizationError));
      socket.destroy();
    });
  }
  const sessions = new Set<{ destroy(): void }>();
  server.on("session", (session: { destroy(): void; once(e: string, f: () => void): void }) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  // Every connection, for close(): one that never finished a request (a TLS handshake with
  // nothing after it, a body still arriving) belongs to no HTTP/2 session and to no HTTP/1.1
  // request node would close, and kept the process running after SIGTERM.
  const connections = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    connections.add(socket);
    socket.once("close", () => connections.delete(socket));
  });
  server.on("sessionError", () => undefined);
  server.on("clientError", (error: Error & { code?: string }, socket: Duplex) =>
    answerMalformed(error, socket, transports.answering(socket)));
  server.on("tlsClientError", (error: Error & { code?: string }, socket: TLSSocket) => {
    if (!mtls) return;
    // Required certificates: OpenSSL refuses a missing one; node destroys the socket of an invalid one.
    if (error.code === "ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE") refuse(socket, "client-certificate-missing");
    else if (socket.authorizationError) refuse(socket, "client-certificate-invalid", String(socket.authorizationError));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => { server.off("error", reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    name,
    url: `${options.tls ? "https" : "http"}://${host}:${port}`,
    port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      // HTTP/2 sessions and keep-alive sockets would otherwise hold close() open.
      (server as HttpServer).closeAllConnections?.();
      for (const session of sessions) session.destroy();
      for (const socket of connections) socket.destroy();
      setTimeout(resolve, 1000).unref();
    }),
  };
}
