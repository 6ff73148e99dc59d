import { Agent, createServer, request } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The bare proxy hop: plain HTTP in, the same request out to the upstream, the answer piped
 * back. No TLS, no authentication, no parsing. It reads the whole request body first, as plinth
 * does. `fetch` is the client plinth itself uses for providers (undici), so the ratio against it
 * measures plinth's own pipeline; `http` (node:http with a keep-alive agent) is the leaner floor.
 */
export type ProxyClient = "fetch" | "http";

export async function startProxy(upstream: string, client: ProxyClient, port = 0): Promise<{ server: Server; url: string }> {
  const forward = client === "fetch" ? viaFetch(upstream) : viaHttp(upstream);
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (d: Buffer) => parts.push(d));
    req.on("end", () => {
      forward(req, Buffer.concat(parts), res).catch(() => {
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

type Forward = (req: IncomingMessage, body: Buffer, res: ServerResponse) => Promise<void>;

function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = { "content-type": req.headers["content-type"] ?? "application/json" };
  if (req.headers.authorization) headers["authorization"] = req.headers.authorization;
  return headers;
}

function viaFetch(upstream: string): Forward {
  return async (req, body, res) => {
    const answer = await fetch(upstream + (req.url ?? "/"), { method: req.method, headers: forwardedHeaders(req), body });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/octet-stream" });
    if (answer.body) for await (const piece of answer.body) res.write(piece);
    res.end();
  };
}

function viaHttp(upstream: string): Forward {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(upstream);
  return (req, body, res) => new Promise<void>((resolve, reject) => {
    const out = request({
      host: target.hostname, port: target.port, path: req.url, method: req.method, agent,
      headers: { ...forwardedHeaders(req), "content-length": String(body.length) },
    }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { "content-type": answer.headers["content-type"] ?? "application/octet-stream" });
      answer.pipe(res);
      answer.on("end", resolve);
      answer.on("error", reject);
    });
    out.on("error", reject);
    out.end(body);
  });
}
