import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { Fault } from "../../kernel/index.js";
import { HttpUpstream } from "./call.js";

/** A loopback upstream whose answer is picked by path; it counts connections and closes. */
class Upstream {
  readonly server: Server;
  readonly sockets = new Set<Socket>();
  connections = 0;
  closed = 0;
  lastHeaders: IncomingMessage["headers"] = {};
  /** Released by the test to let /sse send its second message. */
  release: () => void = () => undefined;
  base = "";

  constructor() {
    this.server = createServer((req, res) => void this.#answer(req, res));
    this.server.on("connection", (socket: Socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on("close", () => { this.closed++; this.sockets.delete(socket); });
    });
  }

  async #answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for await (const _ of req) { /* drain the body */ }
    this.lastHeaders = req.headers;
    if (req.url === "/json") return void res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    if (req.url === "/gzip") return void res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzipSync('{"zipped":true}'));
    if (req.url === "/redirect") return void res.writeHead(307, { location: `${this.base}/json` }).end();
    if (req.url === "/endless") {
      // Tiny events for as long as anyone reads them.
      res.writeHead(200, { "content-type": "text/event-stream" });
      const more = (): void => {
        while (!res.destroyed && res.write("data: {}\n\n"));
        if (!res.destroyed) res.once("drain", more);
      };
      return more();
    }
    if (req.url === "/sse") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: one\n\n");
      await new Promise<void>((resolve) => (this.release = resolve));
      return void res.end("data: two\n\n");
    }
    if (req.url === "/hangup") return void req.socket.destroy();
    if (req.url === "/cut") {
      // A body that stops a third of the way: the answer is not whole.
      res.writeHead(200, { "content-type": "application/json", "content-length": "30" });
      res.write('{"ok":');
      return void setImmediate(() => req.socket.destroy());
    }
    res.writeHead(404).end();
  }
}

describe("HttpUpstream over undici", () => {
  const up = new Upstream();
  const never = new AbortController().signal;
  let http: HttpUpstream;
  const post = (path: string) => ({ url: `${up.base}${path}`, headers: { authorization: "Bearer k" }, body: { hello: "world" }, signal: never });
  before(async () => {
    await new Promise<void>((resolve) => up.server.listen(0, "127.0.0.1", resolve));
    up.base = `http://127.0.0.1:${(up.server.address() as AddressInfo).port}`;
    http = new HttpUpstream({ timeoutMs: 5_000, errorCode: () => undefined });
  });
  after(async () => {
    await http.close();
    up.server.closeAllConnections();
    await new Promise((resolve) => up.server.close(resolve));
  });

  it("successive calls share kept-alive connections; success cancels nothing", async () => {
    const opened = up.connections;
    const closed = up.closed;
    for (let i = 0; i < 6; i++) assert.deepEqual(await http.postJson(post("/json")), { ok: true });
    // undici's pool opens a second connection for a call sent the moment the first answer ends
    // (the first is not yet marked free); from then on calls reuse them.
    assert.ok(up.connections - opened <= 2, `${up.connections - opened} connections for 6 calls`);
    assert.equal(up.closed, closed);
    assert.equal(up.lastHeaders["content-type"], "application/json");
    assert.equal(up.lastHeaders["content-length"], String('{"hello":"world"}'.length));
    assert.equal(up.lastHeaders.authorization, "Bearer k");
  });

  // The ends of a call that came without an answer, or without its whole body, are still
  // refused now that the normal close after an answer makes no Error.
  it("a connection closed before any answer: the provider is unreachable", async () => {
    await assert.rejects(http.postJson(post("/hangup")), (e: unknown) => e instanceof Fault && e.kind === "service-unavailable");
  });

  it("a body cut short is not an answer", async () => {
    await assert.rejects(http.postJson(post("/cut")), (e: unknown) => e instanceof Fault && e.kind === "model-error");
  });

  it("after both, calls are answered as before", async () => {
    assert.deepEqual(await http.postJson(post("/json")), { ok: true });
  });

  it("a gzip-encoded answer is decoded", async () => {
    assert.deepEqual(await http.postJson(post("/gzip")), { zipped: true });
  });

  it("a redirect is not followed: the provider is unreachable", async () => {
    await assert.rejects(http.postJson(post("/redirect")), (e: unknown) => e instanceof Fault && e.kind === "service-unavailable");
  });

  it("a stream's first message arrives before the stream ends", async () => {
    const messages = http.postSse(post("/sse"))[Symbol.asyncIterator]();
    assert.deepEqual((await messages.next()).value, { event: "message", data: "one" });
    up.release();
    assert.deepEqual((await messages.next()).value, { event: "message", data: "two" });
    assert.equal((await messages.next()).done, true);
  });

  it("an endless stream of tiny events ends at the stream limit (lowered here), and its connection is closed", async () => {
    const own = new HttpUpstream({ timeoutMs: 5_000, errorCode: () => undefined, limits: { stream: 64 * 1024 } });
    const closed = up.closed;
    let events = 0;
    await assert.rejects(async () => { for await (const _ of own.postSse(post("/endless"))) events++; }, (e: unknown) => {
      assert.ok(e instanceof Fault && e.kind === "model-stream-error", String(e));
      assert.match(e.message, /the stream exceeded the size limit of 65536 bytes/);
      return true;
    });
    assert.ok(events > 1000 && events <= 65536 / 10, `${events} events`);
    for (let i = 0; i < 50 && up.closed === closed; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(up.closed, closed + 1, "the upstream saw its connection closed");
    await own.close();
  });

  it("close() closes the provider's idle connections and refuses new calls", async () => {
    const own = new HttpUpstream({ timeoutMs: 5_000, errorCode: () => undefined });
    await own.postJson(post("/json"));
    const closed = up.closed;
    await own.close();
    for (let i = 0; i < 50 && up.closed === closed; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(up.closed, closed + 1);
    await assert.rejects(own.postJson(post("/json")), (e: unknown) => e instanceof Fault && e.kind === "service-unavailable");
  });
});
