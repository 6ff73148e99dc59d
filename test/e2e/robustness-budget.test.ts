import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect as h2connect } from "node:http2";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";
import { FRAME, RawH2 } from "./h2-frames.js";
import { hold, within } from "./hold.js";
import type { Held } from "./hold.js";
import { assertRefusal } from "./refusal.js";
import { sign } from "./sign.js";
import { h1, h2 } from "./wire.js";
import type { RawRequest } from "./wire.js";

/**
 * Bodies being received and HTTP/2 streams, bounded: a 4 KiB body limit (so 4 KiB per
 * connection) and 16 KiB in total for bodies whose signature cannot be checked yet, and 4
 * concurrent streams per HTTP/2 connection. Over the budget a request is refused at once (429)
 * rather than buffered; over the streams, the connection is; /health still answers, and the
 * room comes back when the holders go.
 */
const MODEL = "meta.llama3-1-8b-instruct-v1:0";
const CONVERSE = `/model/${encodeURIComponent(MODEL)}/converse`;
const BODY = JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] });
const STREAMS = 4;

describe("bounded bodies in flight and HTTP/2 streams", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      models: [{ modelId: MODEL, via: "openai", upstreamModel: "chat-model", providerName: "Meta" }],
      server: { maxBodyBytes: 4096, maxUnauthenticatedBodyBytes: 16384, http2MaxConcurrentStreams: STREAMS, bodyIdleTimeoutMs: 20_000 },
    });
  });
  after(async () => { await stack?.stop(); });
  const head = async (length: number): Promise<Omit<RawRequest, "body">> =>
    (await sign(stack.server, { method: "POST", path: CONVERSE, headers: { "content-type": "application/json", "content-length": String(length) }, body: "" }, { applyChecksum: false })) as Omit<RawRequest, "body">;
  const converse = async (): Promise<RawRequest> => sign(stack.server, { method: "POST", path: CONVERSE, headers: { "content-type": "application/json" }, body: BODY });
  const health = () => h1(stack.server, { method: "GET", path: "/health", headers: {} });
  /** Holds `length` bytes of budget: the length declared, a byte sent now and then so no timer ends it. */
  const holder = async (length: number, version: "1.1" | "2" = "1.1", session?: ReturnType<typeof h2connect>): Promise<Held> => {
    const held = hold(stack.server, version, await head(length), { first: 1, ...(session ? { session } : {}) });
    held.trickle(500);
    return held;
  };

  it("the budget for bodies being received refuses the next body at once, and /health still answers", async () => {
    const holders = await Promise.all([1, 2, 3, 4].map(() => holder(4096)));
    try {
      // The four bodies are claimed once their heads have been read; until then a fifth could still fit.
      let refused: Awaited<ReturnType<typeof h1>> | undefined;
      for (let i = 0; i < 50 && refused?.status !== 429; i++) {
        refused = await h1(stack.server, await converse());
        if (refused.status !== 429) await new Promise((r) => setTimeout(r, 100));
      }
      assertRefusal(refused!, { status: 429, type: "ThrottlingException", message: /retry/ });
      assert.equal((await health()).status, 200, "/health answers while the budget is spent");
      for (const held of holders) assert.equal(await within(held.answer, 0), false, "the holders are still being read");
    } finally {
      for (const held of holders) held.release();
    }
    // Released when the holders go: the same request now goes through.
    let answer = await h1(stack.server, await converse());
    for (let i = 0; i < 50 && answer.status === 429; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await h1(stack.server, await converse());
    }
    assert.equal(answer.status, 200, answer.body);
  });

  it("one HTTP/2 connection's bodies share one connection's part of the budget", async () => {
    const session = h2connect(stack.server.url, { ca: stack.server.ca });
    session.on("error", () => undefined);
    try {
      const first = await holder(4096, "2", session);
      let second = await h2OnSession(session, await converse());
      for (let i = 0; i < 50 && second.status !== 429; i++) {
        await new Promise((r) => setTimeout(r, 100));
        second = await h2OnSession(session, await converse());
      }
      assertRefusal(second, { status: 429, type: "ThrottlingException" });
      assert.equal((await h2(stack.server, await converse())).status, 200, "another connection is not held back");
      first.release();
      assert.equal((await h2OnSession(session, await converse())).status, 200, "the connection's part comes back when its body goes");
    } finally {
      session.destroy();
    }
  });

  it("HTTP/2 concurrent streams are advertised, and a client that opens more loses its connection while /health answers", async () => {
    const raw = await RawH2.open(stack.server);
    try {
      assert.equal(raw.maxConcurrentStreams, STREAMS);
      const { host, ...signed } = (await head(100)).headers as Record<string, string>;
      const request = { ":method": "POST", ":scheme": "https", ":authority": host!, ":path": CONVERSE, host: host!, ...signed };
      for (const id of [1, 3, 5, 7]) raw.headers(id, request, false);
      // Over the limit it advertised and the client acknowledged, nghttp2 treats the stream as a
      // connection error (RFC 9113 §5.1.2 allows either): the whole connection goes.
      raw.headers(9, { ":method": "GET", ":scheme": "https", ":authority": host!, ":path": "/health" }, true);
      assert.equal(await within(raw.closed, 10_000), true, "the connection is closed");
      assert.equal(raw.frames.some((f) => f.stream === 9 && f.type === FRAME.HEADERS), false, "the fifth stream was not served");
      assert.equal((await health()).status, 200, "/health answers on another connection");
    } finally {
      raw.close();
    }
  });

  it("a client that keeps to the advertised limit has its next stream served once one closes", async () => {
    const session = h2connect(stack.server.url, { ca: stack.server.ca });
    session.on("error", () => undefined);
    try {
      // Until the server's SETTINGS arrive, node's client assumes 100 streams are allowed.
      await new Promise((resolve) => session.once("remoteSettings", resolve));
      const holders = await Promise.all([1, 2, 3, 4].map(() => holder(100, "2", session)));
      // node's client holds back a stream over the server's limit: it waits, the server never sees it.
      const fifth = h2OnSession(session, { method: "GET", path: "/health", headers: {} });
      assert.equal(await within(fifth, 500), false, "the fifth waits while four are open");
      assert.equal((await health()).status, 200, "/health answers on another connection");
      holders[0]!.release();
      assert.equal(await within(fifth, 10_000), true, "the fifth is served once one closes");
      assert.equal((await fifth).status, 200);
      for (const held of holders) held.release();
    } finally {
      session.destroy();
    }
  });

  it("the server is healthy after all of it", async () => {
    assert.equal((await health()).status, 200);
  });
});

/** One request on an existing HTTP/2 session. */
function h2OnSession(session: ReturnType<typeof h2connect>, req: RawRequest): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ":method": req.method, ":path": req.path };
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = String(v);
    const stream = session.request(headers);
    const chunks: Buffer[] = [];
    let head: Record<string, string | string[] | undefined> = {};
    stream.on("response", (h) => { head = h as typeof head; });
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve({ status: Number(head[":status"]), headers: head, body: Buffer.concat(chunks).toString("utf8") }));
    stream.on("error", reject);
    stream.end(req.body);
  });
}
