import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect as h2connect } from "node:http2";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";
import { hold, within } from "./hold.js";
import { assertRefusal } from "./refusal.js";
import { sign } from "./sign.js";
import { h1, h2, parseRaw, tlsSocket } from "./wire.js";
import type { RawRequest } from "./wire.js";

/**
 * Time limits, with each set to about a second: a client that stops sending its body, sends
 * less than it declared, trickles past the request deadline or never finishes its head is
 * refused and let go of; idle connections (HTTP/1.1 and HTTP/2, with or without a request
 * before) are closed; a connection whose request is waiting for a model is not.
 */
const MODEL = "meta.llama3-1-8b-instruct-v1:0";
const HANGING = "meta.llama3-2-90b-instruct-v1:0";
const CONVERSE = `/model/${encodeURIComponent(MODEL)}/converse`;
const LIMIT_MS = 1000;
const GENEROUS_MS = 10_000;

describe("time limits on requests and connections", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      models: [
        { modelId: MODEL, via: "openai", upstreamModel: "chat-model", providerName: "Meta" },
        { modelId: HANGING, via: "openai", upstreamModel: "hang-model", providerName: "Meta" },
      ],
      // The provider gives up on a hanging model after 3 s: longer than any idle limit here.
      timeoutMs: 3000,
      server: {
        maxBodyBytes: 4096, bodyIdleTimeoutMs: LIMIT_MS, requestTimeoutMs: 3000, headersTimeoutMs: LIMIT_MS,
        idleTimeoutMs: LIMIT_MS, keepAliveTimeoutMs: 500,
      },
    });
  });
  after(async () => { await stack?.stop(); });
  const signedHead = async (headers: Record<string, string>): Promise<Omit<RawRequest, "body">> =>
    (await sign(stack.server, { method: "POST", path: CONVERSE, headers: { "content-type": "application/json", ...headers }, body: "" }, { applyChecksum: false })) as Omit<RawRequest, "body">;

  const stalls: Array<[string, "1.1" | "2", Record<string, string>, number]> = [
    ["a Content-Length longer than the body sent (HTTP/1.1)", "1.1", { "content-length": "100" }, 10],
    ["a Content-Length with no body at all (HTTP/2)", "2", { "content-length": "100" }, 0],
    ["a chunked body never finished (HTTP/1.1)", "1.1", {}, 10],
    ["a body of undeclared length never finished (HTTP/2)", "2", {}, 10],
  ];
  for (const [name, version, headers, first] of stalls) {
    it(`${name} is refused after the body idle timeout, and its ${version === "2" ? "stream" : "connection"} closed`, async () => {
      const started = performance.now();
      const held = hold(stack.server, version, await signedHead(headers), { first });
      const answer = await held.answer;
      assertRefusal(answer, { status: 408, type: "RequestTimeoutException", message: /No part of the request body arrived for 1000 ms/ });
      const ms = performance.now() - started;
      assert.ok(ms >= LIMIT_MS - 50 && ms < GENEROUS_MS, `answered after ${Math.round(ms)} ms`);
      assert.equal(await within(held.closed, GENEROUS_MS), true, "the server let go of it");
      held.release();
    });
  }

  it("a body trickling steadily is refused at the request deadline", async () => {
    const held = hold(stack.server, "1.1", await signedHead({ "content-length": "4000" }), { first: 1 });
    held.trickle(200);
    const started = performance.now();
    const answer = await held.answer;
    held.release();
    assertRefusal(answer, { status: 408, type: "RequestTimeoutException", message: /did not arrive in the time allowed/ });
    assert.ok(performance.now() - started < GENEROUS_MS);
  });

  it("an HTTP/1.1 head trickled a byte at a time is refused at the head timeout, and its connection closed", async () => {
    const socket = await tlsSocket(stack.server);
    let text = "";
    socket.on("data", (d: Buffer) => { text += d.toString("latin1"); });
    socket.on("error", () => undefined);
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.write("POST / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
    // Never silent, so only the head timeout can end it.
    const timer = setInterval(() => socket.write("a"), 200);
    const started = performance.now();
    const ended = await within(closed, GENEROUS_MS);
    clearInterval(timer);
    socket.destroy();
    assert.equal(ended, true, "closed");
    const answer = parseRaw(text);
    assert.equal(answer.status, 408, text);
    assert.equal(answer.headers["x-amzn-errortype"], "RequestTimeoutException");
    assert.ok(performance.now() - started >= LIMIT_MS - 50, "not before the head timeout");
  });

  it("an HTTP/1.1 connection is closed after the keep-alive timeout", async () => {
    const socket = await tlsSocket(stack.server);
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.on("data", () => undefined);
    socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert.equal(await within(closed, GENEROUS_MS), true);
  });

  it("a TLS connection that never sends a request is closed after the idle timeout (HTTP/1.1)", async () => {
    const socket = await tlsSocket(stack.server);
    assert.equal(await within(new Promise((resolve) => socket.once("close", resolve)), GENEROUS_MS), true);
  });

  for (const requests of [0, 1]) {
    it(`an HTTP/2 connection idle after ${requests} request(s) is closed after the idle timeout`, async () => {
      const session = h2connect(stack.server.url, { ca: stack.server.ca });
      session.on("error", () => undefined);
      const closed = new Promise((resolve) => session.once("close", resolve));
      await new Promise((resolve) => session.once("connect", resolve));
      for (let i = 0; i < requests; i++) {
        const stream = session.request({ ":path": "/health" });
        stream.resume();
        await new Promise((resolve) => stream.once("end", resolve));
      }
      const started = performance.now();
      assert.equal(await within(closed, GENEROUS_MS), true, "closed");
      assert.ok(performance.now() - started >= LIMIT_MS / 2, "not before it was idle");
    });
  }

  it("a connection whose request waits for a model longer than the idle timeout is kept until it is answered (HTTP/2)", async () => {
    const body = JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] });
    const path = `/model/${encodeURIComponent(HANGING)}/converse`;
    const started = performance.now();
    const answer = await h2(stack.server, await sign(stack.server, { method: "POST", path, headers: { "content-type": "application/json" }, body }));
    assertRefusal(answer, { status: 408, type: "ModelTimeoutException" });
    assert.ok(performance.now() - started >= 2500, "the answer is the provider's timeout, after 3 s of silence on the connection");
  });

  it("the server is healthy after all of it", async () => {
    assert.equal((await h1(stack.server, { method: "GET", path: "/health", headers: {} })).status, 200);
  });
});
