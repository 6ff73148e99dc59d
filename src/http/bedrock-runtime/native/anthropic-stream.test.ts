import { test } from "node:test";
import assert from "node:assert/strict";
import { isFault, sensitive } from "../../../kernel/index.js";
import type { StreamEvent } from "../../../kernel/index.js";
import { anthropic } from "./anthropic.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const usage = { inputTokens: 25, outputTokens: 9, totalTokens: 34 };

function run(events: [number, StreamEvent][]): Record<string, unknown>[] {
  let clock = 1000;
  const encoder = anthropic.streamEncoder?.(MODEL, () => clock);
  assert.ok(encoder);
  const chunks = events.flatMap(([t, e]) => ((clock = t), encoder.push(e))) as Record<string, unknown>[];
  // Message ids are random; everything else is fixed.
  const start = chunks[0] as { message: { id: string } };
  assert.match(start.message.id, /^msg_bdrk_/);
  start.message.id = "msg";
  return chunks;
}

const messageStart = {
  type: "message_start",
  message: {
    id: "msg",
    type: "message",
    role: "assistant",
    model: "claude-3-haiku-20240307",
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
  },
};

test("anthropic stream: text without a domain contentBlockStart gets a synthesised content_block_start", () => {
  const chunks = run([
    [1000, { type: "messageStart", role: "assistant" }],
    [1040, { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "Hello" }) }],
    [1050, { type: "contentBlockDelta", index: 0, delta: sensitive({ text: " there" }) }],
    [1060, { type: "contentBlockStop", index: 0 }],
    [1070, { type: "messageStop", stopReason: "end_turn" }],
    [1200, { type: "metadata", usage }],
  ]);
  assert.deepEqual(chunks, [
    messageStart,
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hello" } },
    { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: " there" } },
    { type: "content_block_stop", index: 0 },
    { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 9 } },
    { type: "message_stop", "amazon-bedrock-invocationMetrics": { inputTokenCount: 25, outputTokenCount: 9, invocationLatency: 200, firstByteLatency: 40 } },
  ]);
});

test("anthropic stream: text then tool use, renumbering domain block indexes from 0", () => {
  const chunks = run([
    [1000, { type: "messageStart", role: "assistant" }],
    [1010, { type: "contentBlockDelta", index: 3, delta: sensitive({ text: "Checking." }) }],
    [1020, { type: "contentBlockStop", index: 3 }],
    [1030, { type: "contentBlockStart", index: 7, toolUse: { toolUseId: "toolu_9", name: "get_weather" } }],
    [1040, { type: "contentBlockDelta", index: 7, delta: sensitive({ toolUseInput: '{"city":' }) }],
    [1050, { type: "contentBlockDelta", index: 7, delta: sensitive({ toolUseInput: '"Paris"}' }) }],
    [1060, { type: "contentBlockStop", index: 7 }],
    [1070, { type: "messageStop", stopReason: "tool_use" }],
    [1080, { type: "metadata", usage }],
  ]);
  assert.deepEqual(chunks.slice(1, -1), [
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Checking." } },
    { type: "content_block_stop", index: 0 },
    { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "toolu_9", name: "get_weather", input: {} } },
    { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"city":' } },
    { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '"Paris"}' } },
    { type: "content_block_stop", index: 1 },
    { type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 9 } },
  ]);
});

test("anthropic stream: a tool input delta for a block never started as tool use is a stream fault", () => {
  const encoder = anthropic.streamEncoder?.(MODEL);
  assert.ok(encoder);
  encoder.push({ type: "messageStart", role: "assistant" });
  assert.throws(
    () => encoder.push({ type: "contentBlockDelta", index: 0, delta: sensitive({ toolUseInput: "{}" }) }),
    (e: unknown) => isFault(e) && e.kind === "model-stream-error",
  );
});

test("anthropic stream: guardrail and content-filter stops map to Anthropic's reasons", () => {
  for (const [reason, expected] of [["guardrail_intervened", "end_turn"], ["content_filtered", "refusal"]] as const) {
    const chunks = run([
      [1000, { type: "messageStart", role: "assistant" }],
      [1001, { type: "messageStop", stopReason: reason }],
      [1002, { type: "metadata", usage }],
    ]);
    assert.deepEqual((chunks[1] as { delta: unknown }).delta, { stop_reason: expected, stop_sequence: null });
  }
});

test("anthropic stream: thinking (text and signature), redacted thinking, then text, with cache counters and metrics", () => {
  const cached = { inputTokens: 100, outputTokens: 40, totalTokens: 1340, cacheReadInputTokens: 1000, cacheWriteInputTokens: 200 };
  const chunks = run([
    [1000, { type: "messageStart", role: "assistant" }],
    [1005, { type: "contentBlockStart", index: 0 }],
    [1010, { type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningText: "Let me think" }) }],
    [1020, { type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningSignature: "EqQBsig" }) }],
    [1030, { type: "contentBlockStop", index: 0 }],
    [1040, { type: "contentBlockDelta", index: 1, delta: sensitive({ redactedReasoning: new Uint8Array(Buffer.from("EmwKopaque")) }) }],
    [1050, { type: "contentBlockStop", index: 1 }],
    [1060, { type: "contentBlockDelta", index: 2, delta: sensitive({ text: "Done." }) }],
    [1070, { type: "contentBlockStop", index: 2 }],
    [1080, { type: "messageStop", stopReason: "end_turn" }],
    [1100, { type: "metadata", usage: cached }],
  ]);
  assert.deepEqual(chunks.slice(1), [
    { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } },
    { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Let me think" } },
    { type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "EqQBsig" } },
    { type: "content_block_stop", index: 0 },
    { type: "content_block_start", index: 1, content_block: { type: "redacted_thinking", data: "EmwKopaque" } },
    { type: "content_block_stop", index: 1 },
    { type: "content_block_start", index: 2, content_block: { type: "text", text: "" } },
    { type: "content_block_delta", index: 2, delta: { type: "text_delta", text: "Done." } },
    { type: "content_block_stop", index: 2 },
    { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { input_tokens: 100, cache_creation_input_tokens: 200, cache_read_input_tokens: 1000, output_tokens: 40 } },
    {
      type: "message_stop",
      "amazon-bedrock-invocationMetrics": { inputTokenCount: 100, outputTokenCount: 40, invocationLatency: 100, firstByteLatency: 10, cacheReadInputTokenCount: 1000, cacheWriteInputTokenCount: 200 },
    },
  ]);
});

test("anthropic stream: the matched stop sequence from the final delta's response fields", () => {
  const chunks = run([
    [1000, { type: "messageStart", role: "assistant" }],
    [1001, { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "a" }) }],
    [1002, { type: "contentBlockStop", index: 0 }],
    [1003, { type: "messageStop", stopReason: "stop_sequence", additionalFields: sensitive({ delta: { stop_sequence: "END" } }) }],
    [1004, { type: "metadata", usage }],
  ]);
  assert.deepEqual((chunks[4] as { delta: unknown }).delta, { stop_reason: "stop_sequence", stop_sequence: "END" });
});

test("anthropic stream: a reasoning delta on a text block, or redacted data after a block opened, is a stream fault", () => {
  for (const second of [{ reasoningText: "x" }, { redactedReasoning: new Uint8Array([1]) }] as const) {
    const encoder = anthropic.streamEncoder?.(MODEL);
    assert.ok(encoder);
    encoder.push({ type: "messageStart", role: "assistant" });
    encoder.push({ type: "contentBlockDelta", index: 0, delta: sensitive({ text: "a" }) });
    assert.throws(() => encoder.push({ type: "contentBlockDelta", index: 0, delta: sensitive(second) }), (e: unknown) => isFault(e) && e.kind === "model-stream-error");
  }
});
