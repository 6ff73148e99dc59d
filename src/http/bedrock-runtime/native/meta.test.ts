import { test } from "node:test";
import assert from "node:assert/strict";
import { isFault, sensitive } from "../../../kernel/index.js";
import type { StreamEvent } from "../../../kernel/index.js";
import { meta } from "./meta.js";

const MODEL = "meta.llama3-1-70b-instruct-v1:0";
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString("base64");

const decodeCases: { name: string; body: unknown; conversation: unknown; inference: unknown }[] = [
  {
    name: "Llama 3 chat prompt from the Bedrock docs",
    body: {
      prompt:
        "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nDescribe the purpose of a 'hello world' program in one line.<|eot_id|>" +
        "<|start_header_id|>assistant<|end_header_id|>\n\n",
      max_gen_len: 512,
      temperature: 0.5,
      top_p: 0.9,
    },
    conversation: {
      system: [],
      messages: [{ role: "user", content: [{ type: "text", text: "Describe the purpose of a 'hello world' program in one line." }] }],
    },
    inference: { maxTokens: 512, temperature: 0.5, topP: 0.9 },
  },
  {
    name: "a system section goes to the model as its system prompt, marked as part of the prompt a guardrail reads whole",
    body: {
      prompt:
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nAnswer in French.<|eot_id|>" +
        "<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
    },
    conversation: {
      system: [{ type: "text", text: "Answer in French." }],
      messages: [{ role: "user", content: [{ type: "text", text: "Hello" }] }],
      systemFromPrompt: true,
    },
    inference: {},
  },
  {
    name: "plain text prompt goes through verbatim",
    body: { prompt: "Once upon a time" },
    conversation: { system: [], messages: [{ role: "user", content: [{ type: "text", text: "Once upon a time" }] }] },
    inference: {},
  },
  {
    name: "Llama 3.2 vision: the image joins the turn with the image marker",
    body: { prompt: "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n<|image|>What is this?<|eot_id|>", images: [PNG] },
    conversation: {
      system: [],
      messages: [{ role: "user", content: [{ type: "image", format: "png", bytes: new Uint8Array(Buffer.from(PNG, "base64")) }, { type: "text", text: "What is this?" }] }],
    },
    inference: {},
  },
];

for (const c of decodeCases) {
  test(`meta decode: ${c.name}`, () => {
    const decoded = meta.decode(c.body, MODEL);
    assert.equal(decoded.kind, "converse");
    if (decoded.kind !== "converse") return;
    assert.equal(decoded.command.modelId, MODEL);
    assert.deepEqual(decoded.command.conversation.reveal(), c.conversation);
    assert.deepEqual(decoded.command.inference, c.inference);
  });
}

const invalidCases: { body: unknown; field: string }[] = [
  { body: { prompt: "x", temperature: 1.5 }, field: "temperature" },
  { body: { prompt: "x", top_p: -0.1 }, field: "top_p" },
  { body: { prompt: "x", max_gen_len: 2049 }, field: "max_gen_len" },
  { body: { prompt: "x", max_gen_len: 0 }, field: "max_gen_len" },
  { body: { prompt: "x", max_gen_len: 10.5 }, field: "max_gen_len" },
  { body: { prompt: "" }, field: "prompt" },
  { body: { temperature: 0.2 }, field: "prompt" },
  { body: { prompt: "x", top_k: 5 }, field: "top_k" },
  { body: { prompt: "x", images: ["not base64!"] }, field: "images.0" },
  { body: { prompt: "x", images: [Buffer.from("GIF-less text").toString("base64")] }, field: "images.0" },
  { body: [], field: "body" },
];
for (const c of invalidCases) {
  test(`meta rejects ${c.field}: ${JSON.stringify(c.body).slice(0, 60)}`, () => {
    assert.throws(() => meta.decode(c.body, MODEL), (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === c.field);
  });
}

test("meta encodes a result as the Llama response body", () => {
  const result = {
    message: sensitive({ role: "assistant" as const, content: [{ type: "text" as const, text: "A first program." }] }),
    stopReason: "max_tokens" as const,
    usage: { inputTokens: 21, outputTokens: 4, totalTokens: 25 },
  };
  assert.deepEqual(meta.encodeConverse?.(result, MODEL), {
    generation: "A first program.",
    prompt_token_count: 21,
    generation_token_count: 4,
    stop_reason: "length",
  });
});

test("meta stream: a chunk per text delta, then counts, stop reason and metrics on the last", () => {
  let clock = 100;
  const encoder = meta.streamEncoder?.(MODEL, () => clock);
  assert.ok(encoder);
  const events: [number, StreamEvent][] = [
    [100, { type: "messageStart", role: "assistant" }],
    [150, { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "Hel" }) }],
    [160, { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "lo" }) }],
    [170, { type: "contentBlockStop", index: 0 }],
    [180, { type: "messageStop", stopReason: "end_turn" }],
    [400, { type: "metadata", usage: { inputTokens: 9, outputTokens: 2, totalTokens: 11 } }],
  ];
  const chunks = events.flatMap(([t, e]) => ((clock = t), encoder.push(e)));
  assert.deepEqual(chunks, [
    { generation: "Hel", prompt_token_count: null, generation_token_count: null, stop_reason: null },
    { generation: "lo", prompt_token_count: null, generation_token_count: null, stop_reason: null },
    {
      generation: "",
      prompt_token_count: 9,
      generation_token_count: 2,
      stop_reason: "stop",
      "amazon-bedrock-invocationMetrics": { inputTokenCount: 9, outputTokenCount: 2, invocationLatency: 300, firstByteLatency: 50 },
    },
  ]);
});
