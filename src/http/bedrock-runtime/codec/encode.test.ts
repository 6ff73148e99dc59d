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
  ];
  for (const [name, event, expected] of rows) {
    it(name, () => assert.deepEqual(JSON.parse(JSON.stringify(encodeStreamEvent(event, 87.2))), expected));
  }

  it("a text block start has no wire event (Bedrock opens text blocks with their first delta)", () => {
    assert.equal(encodeStreamEvent({ type: "contentBlockStart", index: 0 }, 0), undefined);
  });
});
