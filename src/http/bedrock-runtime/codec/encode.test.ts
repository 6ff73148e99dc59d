import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sensitive } from "../../../kernel/index.js";
import type { StreamEvent } from "../../../kernel/index.js";
import { encodeConverseOutput } from "./converse-encode.js";
import { encodeStreamEvent } from "./stream-encode.js";

const usage = { inputTokens: 12, outputTokens: 30, totalTokens: 42 };

describe("Converse encode", () => {
  it("writes ConverseResponse with base64 image bytes and tool use", () => {
    const wire = encodeConverseOutput({
      message: sensitive({ role: "assistant", content: [
        { type: "text", text: "Here." },
        { type: "image", format: "webp", bytes: new Uint8Array([0, 1, 2, 255]) },
        { type: "toolUse", toolUseId: "tooluse_9", name: "get_weather", input: { city: "Oslo" } },
      ] }),
      stopReason: "tool_use",
      usage,
    }, 153.6);
    assert.deepEqual(JSON.parse(JSON.stringify(wire)), {
      output: { message: { role: "assistant", content: [
        { text: "Here." },
        { image: { format: "webp", source: { bytes: "AAEC/w==" } } },
        { toolUse: { toolUseId: "tooluse_9", name: "get_weather", input: { city: "Oslo" } } },
      ] } },
      stopReason: "tool_use",
      usage: { inputTokens: 12, outputTokens: 30, totalTokens: 42 },
      metrics: { latencyMs: 154 },
    });
  });

  it("writes tool results with their status and content kinds", () => {
    const wire = encodeConverseOutput({
      message: sensitive({ role: "assistant", content: [{ type: "toolResult", toolUseId: "t", status: "error", content: [{ type: "text", text: "boom" }, { type: "json", json: { a: 1 } }] }] }),
      stopReason: "end_turn", usage,
    }, 0);
    assert.deepEqual(wire.output.message.content, [{ toolResult: { toolUseId: "t", status: "error", content: [{ text: "boom" }, { json: { a: 1 } }] } }]);
  });
});

describe("Converse encode: reasoning, documents, response fields, cache usage and service echoes", () => {
  it("writes each as Bedrock does, and omits what is absent", () => {
    const wire = encodeConverseOutput({
      message: sensitive({ role: "assistant", content: [
        { type: "reasoning", text: "Let me think.", signature: "c2ln" },
        { type: "redactedReasoning", data: new Uint8Array([9, 8]) },
        { type: "document", format: "txt", name: "n", source: { text: "t" }, citations: true },
        { type: "text", text: "Done." },
      ] }),
      stopReason: "stop_sequence",
      usage: { ...usage, cacheReadInputTokens: 100, cacheWriteInputTokens: 20 },
      additionalFields: sensitive({ delta: { stop_sequence: "END" } }),
    }, 5, { serviceTier: "flex", latency: "standard" });
    assert.deepEqual(JSON.parse(JSON.stringify(wire)), {
      output: { message: { role: "assistant", content: [
        { reasoningContent: { reasoningText: { text: "Let me think.", signature: "c2ln" } } },
        { reasoningContent: { redactedContent: "CQg=" } },
        { document: { format: "txt", name: "n", source: { text: "t" }, citations: { enabled: true } } },
        { text: "Done." },
      ] } },
      stopReason: "stop_sequence",
      usage: { ...usage, cacheReadInputTokens: 100, cacheWriteInputTokens: 20 },
      metrics: { latencyMs: 5 },
      additionalModelResponseFields: { delta: { stop_sequence: "END" } },
      serviceTier: { type: "flex" },
      performanceConfig: { latency: "standard" },
    });
  });

  it("the tier the provider served on wins over the one requested", () => {
    const wire = encodeConverseOutput({ message: sensitive({ role: "assistant", content: [] }), stopReason: "end_turn", usage, serviceTier: "default" }, 0, { serviceTier: "priority" });
    assert.deepEqual(wire.serviceTier, { type: "default" });
    assert.equal("performanceConfig" in wire, false);
    assert.equal("additionalModelResponseFields" in wire, false);
  });
});

describe("ConverseStream encode: one wire event per domain event, payload unwrapped", () => {
  const rows: readonly (readonly [string, StreamEvent, unknown])[] = [
    ["messageStart", { type: "messageStart", role: "assistant" }, { eventType: "messageStart", payload: { role: "assistant" } }],
    ["tool use start", { type: "contentBlockStart", index: 1, toolUse: { toolUseId: "tooluse_1", name: "get_weather" } },
      { eventType: "contentBlockStart", payload: { contentBlockIndex: 1, start: { toolUse: { toolUseId: "tooluse_1", name: "get_weather" } } } }],
    ["text delta", { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "Hel" }) },
      { eventType: "contentBlockDelta", payload: { contentBlockIndex: 0, delta: { text: "Hel" } } }],
    ["tool input delta", { type: "contentBlockDelta", index: 1, delta: sensitive({ toolUseInput: '{"city":' }) },
      { eventType: "contentBlockDelta", payload: { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":' } } } }],
    ["block stop", { type: "contentBlockStop", index: 1 }, { eventType: "contentBlockStop", payload: { contentBlockIndex: 1 } }],
    ["messageStop", { type: "messageStop", stopReason: "max_tokens" }, { eventType: "messageStop", payload: { stopReason: "max_tokens" } }],
    ["metadata", { type: "metadata", usage }, { eventType: "metadata", payload: { usage, metrics: { latencyMs: 87 } } }],
    ["reasoning text delta", { type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningText: "Hmm" }) },
      { eventType: "contentBlockDelta", payload: { contentBlockIndex: 0, delta: { reasoningContent: { text: "Hmm" } } } }],
    ["reasoning signature delta", { type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningSignature: "sig" }) },
      { eventType: "contentBlockDelta", payload: { contentBlockIndex: 0, delta: { reasoningContent: { signature: "sig" } } } }],
    ["redacted reasoning delta", { type: "contentBlockDelta", index: 2, delta: sensitive({ redactedReasoning: new Uint8Array([1, 2, 3]) }) },
      { eventType: "contentBlockDelta", payload: { contentBlockIndex: 2, delta: { reasoningContent: { redactedContent: "AQID" } } } }],
    ["messageStop with response fields", { type: "messageStop", stopReason: "stop_sequence", additionalFields: sensitive({ delta: { stop_sequence: "END" } }) },
      { eventType: "messageStop", payload: { stopReason: "stop_sequence", additionalModelResponseFields: { delta: { stop_sequence: "END" } } } }],
    ["metadata with cache usage and the served tier", { type: "metadata", usage: { ...usage, cacheReadInputTokens: 7, cacheWriteInputTokens: 0 }, serviceTier: "flex" },
      { eventType: "metadata", payload: { usage: { ...usage, cacheReadInputTokens: 7, cacheWriteInputTokens: 0 }, metrics: { latencyMs: 87 }, serviceTier: { type: "flex" } } }],
  ];
  for (const [name, event, expected] of rows) {
    it(name, () => assert.deepEqual(JSON.parse(JSON.stringify(encodeStreamEvent(event, 87.2))), expected));
  }

  it("metadata echoes the requested tier and latency when the provider names no tier", () => {
    const wire = encodeStreamEvent({ type: "metadata", usage }, 1, { serviceTier: "priority", latency: "optimized" });
    assert.deepEqual(wire?.payload, { usage, metrics: { latencyMs: 1 }, serviceTier: { type: "priority" }, performanceConfig: { latency: "optimized" } });
  });

  it("a reasoning block start has no wire event either (ContentBlockStart has no reasoning member)", () => {
    assert.equal(encodeStreamEvent({ type: "contentBlockStart", index: 0 }, 0), undefined);
  });

  it("a text block start has no wire event (Bedrock opens text blocks with their first delta)", () => {
    assert.equal(encodeStreamEvent({ type: "contentBlockStart", index: 0 }, 0), undefined);
  });
});
