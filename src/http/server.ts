import { createServer as createHttpServer } from "node:http";
import type { Server as HttpServer } from "node:http";
import { createSecureServer } from "node:http2";
import type { Http2SecureServer } from "node:http2";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { exchangeOf } from "./exchange.js";
import type { NodeRequest, NodeResponse } from "./exchange.js";
import type { Pipeline } from "./pipeline.js";

/**
 * Listeners. The TLS listener serves HTTP/2 (ALPN h2: the AWS SDK for JavaScript's Bedrock
 * runtime client speaks it by default) and HTTP/1.1 on one port, offering only TLS 1.2 and 1.3.
 * Plain HTTP exists only when the operator asks for it (behind a TLS-terminating proxy).
 */
export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

export interface Listener {
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
 * HTTP/1.1 requests the parser refuses never reach the pipeline; they still get an AWS-shaped
 * answer (and the connection is closed, since framing can no longer be trusted).
 */
function answerMalformed(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
  const body = JSON.stringify({ message: tooLarge ? "The request headers are too large" : "The request is not well-formed HTTP/1.1" });
  socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\nx-amzn-errortype: ValidationException\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

export async function listen(pipeline: Pipeline, options: { host: string; port: number; tls?: TlsMaterial }): Promise<Listener> {
  const handler = (req: NodeRequest, res: NodeResponse): void => {
    void pipeline.handle(exchangeOf(req, res));
  };
  const server: Http2SecureServer | HttpServer = options.tls
    ? createSecureServer({
        key: options.tls.key, cert: options.tls.cert, allowHTTP1: true,
        minVersion: "TLSv1.2", ciphers: TLS_CIPHERS, honorCipherOrder: true,
      }, handler)
    : createHttpServer(handler);
  // Slow clients must not hold sockets forever; long generations are bounded by provider timeouts.
  server.setTimeout(0);
  if ("headersTimeout" in server) server.headersTimeout = 30_000;
  const sessions = new Set<{ destroy(): void }>();
  server.on("session", (session: { destroy(): void; once(e: string, f: () => void): void }) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  server.on("sessionError", () => undefined);
  server.on("clientError", answerMalformed);
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => { server.off("error", reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? "https" : "http"}://${host}:${port}`,
    port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      // HTTP/2 sessions and keep-alive sockets would otherwise hold close() open.
      (server as HttpServer).closeAllConnections?.();
      for (const session of sessions) session.destroy();
      setTimeout(resolve, 1000).unref();
    }),
  };
}
