import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { connect as h2connect } from "node:http2";
import type { IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Exchange } from "./exchange.js";
import { TEST_LIMITS } from "./listeners.fixture.js";
import { listen } from "./server.js";
import type { Listener, RequestHandler } from "./server.js";
import { ensureTlsMaterial } from "./tls/index.js";
import type { GeneratedTlsMaterial } from "./tls/index.js";

/**
 * A streamed answer to a client that stops reading it: once the connection has been silent for
 * the idle timeout with the answer queued, the connection is cut and the answer's producer sees
 * the client gone (so an upstream generation would be cancelled), over HTTP/1.1 and HTTP/2.
 */
const IDLE_MS = 500;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);

class Firehose implements RequestHandler {
  readonly stopped: Promise<number>;
  #stop!: (sent: number) => void;
  constructor() {
    this.stopped = new Promise((resolve) => { this.#stop = resolve; });
  }
  async handle(ex: Exchange): Promise<void> {
    const sink = ex.stream(200, { "content-type": "application/octet-stream" });
    let sent = 0;
    // Up to 1 GiB: far more than any socket or stream buffer holds, so the writes must block.
    while (!ex.signal.aborted && sent < 1 << 30) {
      await sink.write(CHUNK);
      sent += CHUNK.length;
    }
    sink.end();
    this.#stop(sent);
  }
}

let dir: string;
let tls: GeneratedTlsMaterial;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "plinth-limits-"));
  tls = await ensureTlsMaterial({ dataDir: dir, serverNames: [] });
});
after(() => rm(dir, { recursive: true, force: true }));

describe("a client that stops reading its answer", () => {
  const serve = async (firehose: Firehose): Promise<Listener> =>
    listen(firehose, { host: "127.0.0.1", port: 0, tls, limits: { ...TEST_LIMITS, idleTimeoutMs: IDLE_MS } });

  it("is cut after the idle timeout (HTTP/1.1)", async () => {
    const firehose = new Firehose();
    const listener = await serve(firehose);
    try {
      const url = new URL(listener.url);
      const response = new Promise<IncomingMessage>((resolve) => {
        const req = httpsRequest({ host: url.hostname, port: url.port, path: "/", ca: tls.ca, agent: false }, (res) => { res.pause(); resolve(res); });
        req.on("error", () => undefined);
        req.end();
      });
      const sent = await firehose.stopped;
      assert.ok(sent < 1 << 30, `the producer stopped early (${sent} bytes)`);
      // The end of the connection queues behind what the client left unread: reading on, it gets there.
      const res = await response;
      res.on("error", () => undefined);
      res.resume();
      await new Promise((resolve) => res.once("close", resolve));
    } finally {
      await listener.close();
    }
  });

  it("is cut after the idle timeout (HTTP/2)", async () => {
    const firehose = new Firehose();
    const listener = await serve(firehose);
    try {
      const session = h2connect(listener.url, { ca: tls.ca });
      session.on("error", () => undefined);
      const stream = session.request({ ":path": "/" });
      stream.on("error", () => undefined);
      stream.pause();
      const closed = new Promise((resolve) => session.once("close", resolve));
      const sent = await firehose.stopped;
      assert.ok(sent < 1 << 30, `the producer stopped early (${sent} bytes)`);
      await closed;
    } finally {
      await listener.close();
    }
  });
});
