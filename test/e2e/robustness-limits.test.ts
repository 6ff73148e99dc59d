import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { accessLine, startStack } from "./stack.js";
import type { Stack } from "./stack.js";
import { assertRefusal } from "./refusal.js";
import { sign } from "./sign.js";
import { h1, trickle } from "./wire.js";
import type { RawRequest } from "./wire.js";

/**
 * A server configured with a 1 KiB body limit, 127.0.0.1 as a trusted proxy, and upstreams
 * that stream slowly: oversized bodies are refused before they are read whole, a client going
 * away cancels the upstream call, a stream that turns malformed ends in an exception event,
 * and X-Forwarded-For is believed from the trusted peer.
 */
const SLOW = "meta.llama3-1-8b-instruct-v1:0";
const SLOW_CLAUDE = "anthropic.claude-3-5-haiku-20241022-v1:0";
const MALFORMED = "meta.llama3-2-90b-instruct-v1:0";
const CONVERSE = `/model/${encodeURIComponent(SLOW)}/converse`;
const LONG_ANSWER = Array.from({ length: 24 }, (_, i) => `word${i}`).join(" ");
const user = (text: string) => [{ role: "user" as const, content: [{ text }] }];
const settled = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe("limits, cancellation and proxies", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      models: [
        { modelId: SLOW, via: "openai", upstreamModel: "chat-model", providerName: "Meta" },
        { modelId: SLOW_CLAUDE, via: "anthropic", upstreamModel: "chat-model", providerName: "Anthropic" },
        { modelId: MALFORMED, via: "openai", upstreamModel: "malformed-model", providerName: "Meta" },
      ],
      loopback: { chunkDelayMs: 30, text: LONG_ANSWER },
      server: { maxBodyBytes: 1024, trustedProxies: ["127.0.0.1"] },
    });
  });
  after(async () => { await stack?.stop(); });
  // Signed over the head (and an empty body): the key and time window are checked before the body
  // is read, so only such a request gets as far as the body limit.
  const signedHead = async (head: Omit<RawRequest, "body">) =>
    (await sign(stack.server, { ...head, body: "" }, { applyChecksum: false })) as Omit<RawRequest, "body">;

  // First in the file: each loopback's cancellation flag is sticky, so nothing may have set it
  // before. HTTP/2 (the SDK's default) goes through the OpenAI loopback, HTTP/1.1 the Anthropic one.
  for (const [http1, modelId, upstream] of [[false, SLOW, "openai"], [true, SLOW_CLAUDE, "anthropic"]] as const) {
    it(`a client aborting a ConverseStream after the first event cancels the upstream call (HTTP/${http1 ? "1.1" : "2"})`, async () => {
      const loopback = stack[upstream];
      assert.equal(await settled(loopback.sawCancel(), 50), false, "no cancellation seen before the abort");
      const controller = new AbortController();
      const out = await stack.runtime({ http1 }).send(new ConverseStreamCommand({ modelId, messages: user("talk slowly") }), { abortSignal: controller.signal });
      let events = 0;
      try {
        for await (const _ of out.stream!) {
          events++;
          controller.abort();
        }
      } catch {
        // Whether iteration throws an AbortError or just stops is the SDK's business.
      }
      assert.ok(events >= 1 && events < 10, `the stream stopped early (${events} events)`);
      assert.equal(await settled(loopback.sawCancel(), 3000), true, "the upstream saw its response cut short");
    });
  }

  it("an upstream stream that turns malformed mid-way ends in a modelStreamErrorException event", async () => {
    const out = await stack.runtime().send(new ConverseStreamCommand({ modelId: MALFORMED, messages: user("hi") }));
    let text = "";
    await assert.rejects(async () => {
      for await (const e of out.stream!) text += e.contentBlockDelta?.delta?.text ?? "";
    }, (e: Error) => {
      assert.equal(e.name, "ModelStreamErrorException");
      assert.doesNotMatch(e.message, /upstream-secret-detail|<<garbage|\n\s+at /);
      return true;
    });
    assert.ok(text.startsWith("word0"), "the good part of the stream arrived first");
  });

  for (const version of ["1.1", "2"] as const) {
    it(`a declared Content-Length over the limit is answered 413 at once, before any body is sent (HTTP/${version})`, async () => {
      const head = await signedHead({ method: "POST", path: CONVERSE, headers: { "content-type": "application/json", "content-length": "50000000" } });
      const a = await trickle(stack.server, version, head, { chunkBytes: 0, intervalMs: 0, maxBytes: 0 });
      assertRefusal(a, { status: 413, message: /limit of 1024 bytes/ });
      assert.equal(a.sent, 0);
      assert.ok(a.ms < 2000, `answered in ${Math.round(a.ms)} ms`);
    });

    it(`a streamed body that grows past the limit is refused while it is still being sent (HTTP/${version})`, async () => {
      const head = await signedHead({ method: "POST", path: CONVERSE, headers: { "content-type": "application/json" } });
      const a = await trickle(stack.server, version, head, { chunkBytes: 256, intervalMs: 5, maxBytes: 4 << 20 });
      assertRefusal(a, { status: 413, message: /limit of 1024 bytes/ });
      assert.equal(a.ended, false, "the answer came before the client finished its body");
      assert.ok(a.sent > 1024 && a.sent < 256 * 1024, `refused after ${a.sent} bytes`);
    });
  }

  it("a body at the limit is still read (the limit is not off by one)", async () => {
    const shell = JSON.stringify({ messages: user("") });
    const body = JSON.stringify({ messages: user("x".repeat(1024 - shell.length)) });
    assert.equal(Buffer.byteLength(body), 1024);
    const a = await h1(stack.server, await sign(stack.server, { method: "POST", path: CONVERSE, headers: { "content-type": "application/json" }, body }));
    assert.equal(a.status, 200, a.body);
  });

  it("the server is healthy after the refusals", async () => {
    assert.equal((await h1(stack.server, { method: "GET", path: "/health", headers: {} })).status, 200);
  });

  for (const [forwarded, expected] of [["203.0.113.7", "203.0.113.7"], ["198.51.100.9, 203.0.113.7", "203.0.113.7"], ["203.0.113.7, 127.0.0.1", "203.0.113.7"], ["not-an-address", "127.0.0.1"],
    ["198.51.100.9, 203.0.113.7:4711", "203.0.113.7"], ["198.51.100.9, [2001:db8::7]:443", "2001:db8::7"], ["198.51.100.9, unknown", "127.0.0.1"]] as const) {
    it(`X-Forwarded-For "${forwarded}" from a trusted proxy gives source ${expected}`, async () => {
      const a = await h1(stack.server, { method: "GET", path: "/health", headers: { "x-forwarded-for": forwarded } });
      assert.equal((await accessLine(stack.server, String(a.headers["x-amzn-requestid"])))["sourceIp"], expected);
    });
  }
});
