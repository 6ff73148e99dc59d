import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";
import { h1 } from "./wire.js";

/**
 * The real server in front of upstreams that answer with compression bombs (see
 * test/loopback/hostile.ts): the caller gets a clean ModelErrorException (or, once its stream
 * has started, a modelStreamErrorException event), and the server stays up for everyone else.
 * Before the fix a bomb like this killed the server process.
 */
const BOMB = "meta.llama3-1-70b-instruct-v1:0";
const LATE_BOMB = "anthropic.claude-3-5-haiku-20241022-v1:0";
const HEALTHY = "meta.llama3-1-8b-instruct-v1:0";
const user = (text: string) => [{ role: "user" as const, content: [{ text }] }];

describe("hostile upstreams", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      models: [
        { modelId: BOMB, via: "openai", upstreamModel: "bomb-gzip-model", providerName: "Meta" },
        { modelId: LATE_BOMB, via: "anthropic", upstreamModel: "late-bomb-model", providerName: "Anthropic" },
        { modelId: HEALTHY, via: "openai", upstreamModel: "chat-model", providerName: "Meta" },
      ],
      timeoutMs: 20_000,
    });
  });
  after(async () => { await stack?.stop(); });

  it("a gzip bomb answering Converse is a ModelErrorException naming the limit", async () => {
    await assert.rejects(stack.runtime().send(new ConverseCommand({ modelId: BOMB, messages: user("hi") })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, "ModelErrorException");
      assert.equal(e.$metadata?.httpStatusCode, 424);
      assert.match(e.message, /size limit of \d+ bytes/);
      assert.doesNotMatch(e.message, /aaaa|\n\s+at /);
      return true;
    });
  });

  it("a gzip bomb answering ConverseStream is a ModelErrorException before the stream opens", async () => {
    await assert.rejects(stack.runtime().send(new ConverseStreamCommand({ modelId: BOMB, messages: user("hi") })), (e: Error) => {
      assert.equal(e.name, "ModelErrorException");
      assert.match(e.message, /size limit/);
      return true;
    });
  });

  it("a stream that turns into a bomb after its first events ends in a ModelStreamErrorException event", async () => {
    const out = await stack.runtime({ http1: true }).send(new ConverseStreamCommand({ modelId: LATE_BOMB, messages: user("hi") }));
    let text = "";
    await assert.rejects(async () => {
      for await (const e of out.stream!) text += e.contentBlockDelta?.delta?.text ?? "";
    }, (e: Error) => {
      assert.equal(e.name, "ModelStreamErrorException");
      assert.match(e.message, /size limit/);
      return true;
    });
    assert.equal(text, "Hello", "the good part of the stream arrived first");
  });

  it("the server is still up: /health answers and a healthy model still talks", async () => {
    assert.equal((await h1(stack.server, { method: "GET", path: "/health", headers: {} })).status, 200);
    const answer = await stack.runtime().send(new ConverseCommand({ modelId: HEALTHY, messages: user("hi") }));
    assert.equal(answer.stopReason, "end_turn");
    assert.doesNotMatch(stack.server.stderr(), /uncaught|FATAL|heap out of memory/i);
  });
});
