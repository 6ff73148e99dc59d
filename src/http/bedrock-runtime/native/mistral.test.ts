import { test } from "node:test";
import assert from "node:assert/strict";
import { isFault, sensitive } from "../../../kernel/index.js";
import type { StreamEvent } from "../../../kernel/index.js";
import { mistral } from "./mistral.js";

const MODEL = "mistral.mistral-7b-instruct-v0:2";

test("mistral decode: the request example from the Bedrock docs", () => {
  const decoded = mistral.decode(
    {
      prompt: "<s>[INST] What is your favourite condiment? [/INST]",
      max_tokens: 400,
      temperature: 0.7,
      top_p: 0.7,
      top_k: 50,
      stop: ["</s>"],
    },
    MODEL,
  );
  assert.ok(decoded.kind === "converse");
  assert.deepEqual(decoded.command.conversation.reveal(), {
    system: [],
    messages: [{ role: "user", content: [{ type: "text", text: "What is your favourite condiment?" }] }],
    stopSequences: ["</s>"],
  });
  assert.deepEqual(decoded.command.inference, { maxTokens: 400, temperature: 0.7, topP: 0.7, topK: 50 });
});

test("mistral decode: a <<SYS>> section is the system prompt, marked as part of the prompt a guardrail reads whole", () => {
  const decoded = mistral.decode({ prompt: "<s>[INST] <<SYS>>\nBe terse.\n<</SYS>>\n\nHi [/INST]" }, MODEL);
  assert.ok(decoded.kind === "converse");
  assert.deepEqual(decoded.command.conversation.reveal(), {
    system: [{ type: "text", text: "Be terse." }],
    messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
    systemFromPrompt: true,
  });
});

const invalidCases: { body: unknown; field: string; model?: string }[] = [
  { body: { prompt: "x", temperature: 1.1 }, field: "temperature" },
  { body: { prompt: "x", top_p: 1.1 }, field: "top_p" },
  { body: { prompt: "x", top_k: 0 }, field: "top_k" },
  { body: { prompt: "x", top_k: 201 }, field: "top_k" },
  { body: { prompt: "x", max_tokens: 8193 }, field: "max_tokens" },
  { body: { prompt: "x", max_tokens: 4097 }, field: "max_tokens", model: "mistral.mixtral-8x7b-instruct-v0:1" },
  { body: { prompt: "x", stop: Array.from({ length: 11 }, (_, i) => `s${i}`) }, field: "stop" },
  { body: { prompt: "x", stop: [7] }, field: "stop.0" },
  { body: { messages: [{ role: "user", content: "hi" }] }, field: "messages" },
  { body: { prompt: null }, field: "prompt" },
];
for (const c of invalidCases) {
  test(`mistral rejects ${c.field}: ${JSON.stringify(c.body).slice(0, 60)}`, () => {
    assert.throws(() => mistral.decode(c.body, c.model ?? MODEL), (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === c.field);
  });
}

test("mistral encodes a result as outputs[]", () => {
  const result = {
    message: sensitive({ role: "assistant" as const, content: [{ type: "text" as const, text: "Lemon juice." }] }),
    stopReason: "end_turn" as const,
    usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 },
  };
  assert.deepEqual(mistral.encodeConverse?.(result, MODEL), { outputs: [{ text: "Lemon juice.", stop_reason: "stop" }] });
});

test("mistral stream: outputs chunks, then the stop reason and metrics", () => {
  let clock = 0;
  const encoder = mistral.streamEncoder?.(MODEL, () => clock);
  assert.ok(encoder);
  const events: [number, StreamEvent][] = [
    [0, { type: "messageStart", role: "assistant" }],
    [10, { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "Lemon" }) }],
    [11, { type: "contentBlockDelta", index: 0, delta: sensitive({ text: " juice." }) }],
    [12, { type: "contentBlockStop", index: 0 }],
    [13, { type: "messageStop", stopReason: "max_tokens" }],
    [14, { type: "metadata", usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 } }],
  ];
  const chunks = events.flatMap(([t, e]) => ((clock = t), encoder.push(e)));
  assert.deepEqual(chunks, [
    { outputs: [{ text: "Lemon", stop_reason: null }] },
    { outputs: [{ text: " juice.", stop_reason: null }] },
    {
      outputs: [{ text: "", stop_reason: "length" }],
      "amazon-bedrock-invocationMetrics": { inputTokenCount: 12, outputTokenCount: 3, invocationLatency: 14, firstByteLatency: 10 },
    },
  ]);
});

test("mistral refuses the chat-completion body's members by name, saying which body they belong to", () => {
  for (const key of ["messages", "tools", "tool_choice", "response_format"]) {
    assert.throws(() => mistral.decode({ prompt: "x", [key]: key === "tool_choice" ? "auto" : [] }, MODEL), (e: unknown) =>
      isFault(e) && e.detail.field === key && /not supported: it belongs to Mistral's chat-completion body/.test(e.message));
  }
});
