import { test } from "node:test";
import assert from "node:assert/strict";
import { isFault, sensitive } from "../../../kernel/index.js";
import type { StopReason, StreamEvent } from "../../../kernel/index.js";
import { titanText } from "./titan-text.js";

const EXPRESS = "amazon.titan-text-express-v1";

test("titan-text decode: the request example from the Bedrock docs", () => {
  const decoded = titanText.decode(
    {
      inputText: "User: Generate synthetic data for daily product sales in various categories\nBot:",
      textGenerationConfig: { maxTokenCount: 4096, stopSequences: ["User:"], temperature: 0, topP: 1 },
    },
    EXPRESS,
  );
  assert.equal(decoded.kind, "converse");
  if (decoded.kind !== "converse") return;
  assert.deepEqual(decoded.command.conversation.reveal(), {
    system: [],
    messages: [{ role: "user", content: [{ type: "text", text: "User: Generate synthetic data for daily product sales in various categories\nBot:" }] }],
    stopSequences: ["User:"],
  });
  assert.deepEqual(decoded.command.inference, { maxTokens: 4096, temperature: 0, topP: 1 });
});

test("titan-text decode: textGenerationConfig is optional", () => {
  const decoded = titanText.decode({ inputText: "Hello" }, EXPRESS);
  assert.ok(decoded.kind === "converse");
  assert.deepEqual(decoded.command.inference, {});
});

const invalidCases: { body: unknown; field: string; model?: string }[] = [
  { body: { inputText: "x", textGenerationConfig: { temperature: 1.01 } }, field: "textGenerationConfig.temperature" },
  { body: { inputText: "x", textGenerationConfig: { topP: 2 } }, field: "textGenerationConfig.topP" },
  { body: { inputText: "x", textGenerationConfig: { maxTokenCount: 8193 } }, field: "textGenerationConfig.maxTokenCount" },
  { body: { inputText: "x", textGenerationConfig: { maxTokenCount: 4097 } }, field: "textGenerationConfig.maxTokenCount", model: "amazon.titan-text-lite-v1" },
  { body: { inputText: "x", textGenerationConfig: { maxTokenCount: 3073 } }, field: "textGenerationConfig.maxTokenCount", model: "amazon.titan-text-premier-v1:0" },
  { body: { inputText: "x", textGenerationConfig: { stopSequences: "User:" } }, field: "textGenerationConfig.stopSequences" },
  { body: { inputText: "x", textGenerationConfig: { stopSequences: [""] } }, field: "textGenerationConfig.stopSequences.0" },
  { body: { inputText: "x", textGenerationConfig: { top_k: 3 } }, field: "textGenerationConfig.top_k" },
  { body: { inputText: "x", textGenerationConfig: 5 }, field: "textGenerationConfig" },
  { body: { prompt: "x" }, field: "prompt" },
  { body: { inputText: 42 }, field: "inputText" },
];
for (const c of invalidCases) {
  test(`titan-text rejects ${c.field} (${c.model ?? EXPRESS})`, () => {
    assert.throws(() => titanText.decode(c.body, c.model ?? EXPRESS), (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === c.field);
  });
}

const reasons: [StopReason, string][] = [
  ["end_turn", "FINISH"],
  ["max_tokens", "LENGTH"],
  ["stop_sequence", "STOP_CRITERIA_MET"],
  ["content_filtered", "CONTENT_FILTERED"],
];
for (const [reason, completionReason] of reasons) {
  test(`titan-text encodes stop reason ${reason} as ${completionReason}`, () => {
    const result = {
      message: sensitive({ role: "assistant" as const, content: [{ type: "text" as const, text: "\nSales data:" }] }),
      stopReason: reason,
      usage: { inputTokens: 15, outputTokens: 3, totalTokens: 18 },
    };
    assert.deepEqual(titanText.encodeConverse?.(result, EXPRESS), {
      inputTextTokenCount: 15,
      results: [{ tokenCount: 3, outputText: "\nSales data:", completionReason }],
    });
  });
}

test("titan-text stream: outputText chunks, then the final chunk with counts and metrics", () => {
  let clock = 0;
  const encoder = titanText.streamEncoder?.(EXPRESS, () => clock);
  assert.ok(encoder);
  const events: [number, StreamEvent][] = [
    [5, { type: "messageStart", role: "assistant" }],
    [20, { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "Hi" }) }],
    [30, { type: "contentBlockStop", index: 0 }],
    [40, { type: "messageStop", stopReason: "max_tokens" }],
    [90, { type: "metadata", usage: { inputTokens: 4, outputTokens: 1, totalTokens: 5 } }],
  ];
  const chunks = events.flatMap(([t, e]) => ((clock = t), encoder.push(e)));
  assert.deepEqual(chunks, [
    { outputText: "Hi", index: 0, totalOutputTextTokenCount: null, completionReason: null, inputTextTokenCount: null },
    {
      outputText: "",
      index: 0,
      totalOutputTextTokenCount: 1,
      completionReason: "LENGTH",
      inputTextTokenCount: 4,
      "amazon-bedrock-invocationMetrics": { inputTokenCount: 4, outputTokenCount: 1, invocationLatency: 90, firstByteLatency: 20 },
    },
  ]);
});
