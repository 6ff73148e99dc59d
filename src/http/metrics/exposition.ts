import { createServer } from "node:http";
import type { ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a scrape reads: a registry, or (in a `--workers` primary) every worker's registries added up. */
export interface Scrapable {
  readonly contentType: string;
  metrics(): Promise<string>;
}

export interface Exposition {
  readonly url: string;
  close(): Promise<void>;
}

/** A scrape is small and quick: a scraper that holds more is not a scraper. */
const MAX_CONNECTIONS = 32;
const TIMEOUT_MS = 10_000;

/**
 * The Prometheus exposition, on a listener of its own: `GET /metrics` and nothing else. It never
 * shares the API's listeners, so it needs no AWS credentials (Prometheus cannot sign requests),
 * and the API's controls and audit trail stay about API calls. Where it listens is the operator's
 * network control (loopback by default); it reads no request body.
 */
export async function startExposition(registry: Scrapable, host: string, port: number): Promise<Exposition> {
  const server = createServer({ requestTimeout: TIMEOUT_MS, headersTimeout: TIMEOUT_MS }, (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics") return plain(res, 404, "not found: the metrics are at /metrics\n");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return plain(res, 405, "method not allowed\n");
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      // A collector failed: say so without its message.
      () => plain(res, 500, "the metrics could not be collected\n"),
    );
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => { server.off("error", reject); resolve(); });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/metrics`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}
