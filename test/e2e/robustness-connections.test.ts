import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request as httpsRequest } from "node:https";
import type { ConnectionOptions, TLSSocket } from "node:tls";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";
import { tlsSocket } from "./wire.js";
import type { Target } from "./wire.js";

/**
 * Connection caps: 20 per source address and 30 in all. Every test client is on loopback, so
 * the other sources are 127.0.0.2 and up (Linux routes all of 127/8 to lo, and the server
 * listens on 127.0.0.1, which any of them can reach). A refused connection is closed before
 * TLS, other sources are unaffected, and the room comes back when connections close.
 */
const PER_SOURCE = 20;
const TOTAL = 30;

describe("connection caps", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ models: [], server: { maxConnections: TOTAL, maxConnectionsPerSource: PER_SOURCE } });
  });
  after(async () => { await stack?.stop(); });
  // tls.connect hands net.connect's options (localAddress among them) to the socket it makes.
  const from = (source: string) => tlsSocket(stack.server, { localAddress: source } as ConnectionOptions);
  const open = (source: string, n: number) => Promise.all(Array.from({ length: n }, () => from(source)));
  const close = async (sockets: TLSSocket[]): Promise<void> => {
    await Promise.all(sockets.map((s) => new Promise((resolve) => { s.once("close", resolve); s.destroy(); })));
  };

  it("the connection over the per-source cap is refused before TLS while other sources get in, and gets in once one closes", async () => {
    const held = await open("127.0.0.1", PER_SOURCE);
    try {
      await assert.rejects(from("127.0.0.1"), (e: NodeJS.ErrnoException) => {
        assert.match(`${e.code} ${e.message}`, /ECONNRESET|socket disconnected|EPIPE/);
        return true;
      });
      assert.equal((await health(stack.server, "127.0.0.2")).status, 200, "/health from another source");
      await close(held.splice(0, 1));
      held.push(await eventually(() => from("127.0.0.1")));
    } finally {
      await close(held);
    }
  });

  it("the connection over the total cap is refused, whatever its source, until one closes", async () => {
    const held = [...await open("127.0.0.1", PER_SOURCE), ...await open("127.0.0.3", TOTAL - PER_SOURCE)];
    try {
      await assert.rejects(from("127.0.0.4"));
      await close(held.splice(0, 1));
      assert.equal((await eventually(() => health(stack.server, "127.0.0.4"))).status, 200, "/health once there is room");
    } finally {
      await close(held);
    }
  });

  it("refusals are logged with their reason and peer", async () => {
    const lines = stack.server.stdout().split("\n").filter((l) => l.includes('"connection refused"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.some((l) => l["reason"] === "source-connection-limit" && l["peer"] === "127.0.0.1"), JSON.stringify(lines));
    assert.ok(lines.some((l) => l["reason"] === "connection-limit"), JSON.stringify(lines));
  });
});

/** The server counts a connection until it has seen it close: a moment after the client closed it. */
async function eventually<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= 30) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** GET /health over HTTP/1.1 on a new connection from `source`. */
function health(t: Target, source: string): Promise<{ status: number }> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const r = httpsRequest({ host: url.hostname, port: url.port, path: "/health", ca: t.ca, agent: false, localAddress: source }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
    });
    r.on("error", reject);
    r.end();
  });
}
