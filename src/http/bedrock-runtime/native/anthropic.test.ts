import { test } from "node:test";
import assert from "node:assert/strict";
import { isFault, sensitive } from "../../../kernel/index.js";
import { anthropic } from "./anthropic.js";

const MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const PNG = Buffer.from(PNG_BYTES).toString("base64");
const V = "bedrock-2023-05-31";
const text = (t: string) => ({ type: "text", text: t });

const decodeCases: { name: string; body: Record<string, unknown>; conversation: unknown; inference: unknown }[] = [
  {
    name: "string content, from the Bedrock docs",
    body: { anthropic_version: V, max_tokens: 1024, messages: [{ role: "user", content: "Hello, world" }] },
    conversation: { system: [], messages: [{ role: "user", content: [text("Hello, world")] }] },
    inference: { maxTokens: 1024 },
  },
  {
    name: "system, sampling knobs, stop sequences, prefilled assistant turn",
    body: {
      anthropic_version: V,
      max_tokens: 200,
      system: "You are a geography tutor.",
      messages: [
        { role: "user", content: [{ type: "text", text: "Capital of France?", cache_control: { type: "ephemeral" } }] },
        { role: "assistant", content: "The capital is" },
      ],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 250,
      stop_sequences: ["\n\nHuman:"],
    },
    conversation: {
      system: [{ type: "text", text: "You are a geography tutor." }],
      messages: [{ role: "user", content: [{ ...text("Capital of France?"), cache: {} }] }, { role: "assistant", content: [text("The capital is")] }],
      stopSequences: ["\n\nHuman:"],
    },
    inference: { maxTokens: 200, temperature: 0.5, topP: 0.9, topK: 250 },
  },
  {
    name: "an image block and system as text blocks",
    body: {
      anthropic_version: V,
      max_tokens: 10,
      system: [{ type: "text", text: "Be brief." }],
      messages: [{ role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: PNG } }, text("What is this?")] }],
    },
    conversation: { system: [{ type: "text", text: "Be brief." }], messages: [{ role: "user", content: [{ type: "image", format: "png", bytes: PNG_BYTES }, text("What is this?")] }] },
    inference: { maxTokens: 10 },
  },
  {
    name: "tools, tool_choice, tool_use and tool_result",
    body: {
      anthropic_version: V,
      max_tokens: 300,
      tools: [{ name: "get_weather", description: "Weather for a city", input_schema: { type: "object", properties: { city: { type: "string" } } } }],
      tool_choice: { type: "tool", name: "get_weather" },
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_01A", name: "get_weather", input: { city: "Paris" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_01A", content: "21C", is_error: false }] },
      ],
    },
    conversation: {
      system: [],
      messages: [
        { role: "user", content: [text("Weather in Paris?")] },
        { role: "assistant", content: [{ type: "toolUse", toolUseId: "toolu_01A", name: "get_weather", input: { city: "Paris" } }] },
        { role: "user", content: [{ type: "toolResult", toolUseId: "toolu_01A", content: [text("21C")], status: "success" }] },
      ],
      tools: {
        tools: [{ name: "get_weather", description: "Weather for a city", inputSchema: { type: "object", properties: { city: { type: "string" } } } }],
        toolChoice: { type: "tool", name: "get_weather" },
      },
    },
    inference: { maxTokens: 300 },
  },
];

for (const c of decodeCases) {
  test(`anthropic decode: ${c.name}`, () => {
    const decoded = anthropic.decode(c.body, MODEL);
    assert.ok(decoded.kind === "converse");
    assert.equal(decoded.command.modelId, MODEL);
    assert.deepEqual(decoded.command.conversation.reveal(), c.conversation);
    assert.deepEqual(decoded.command.inference, c.inference);
  });
}

const ok = { anthropic_version: V, max_tokens: 10, messages: [{ role: "user", content: "hi" }] };
const userBlocks = (...blocks: unknown[]) => ({ ...ok, messages: [{ role: "user", content: blocks }] });
const image = (source: Record<string, unknown>) => userBlocks({ type: "image", source: { type: "base64", media_type: "image/png", data: PNG, ...source } });
const invalidCases: { body: unknown; field: string }[] = [
  { body: { ...ok, anthropic_version: undefined }, field: "anthropic_version" },
  { body: { ...ok, anthropic_version: "latest" }, field: "anthropic_version" },
  { body: { ...ok, max_tokens: undefined }, field: "max_tokens" },
  { body: { ...ok, max_tokens: 0 }, field: "max_tokens" },
  { body: { ...ok, temperature: 1.2 }, field: "temperature" },
  { body: { ...ok, top_p: -1 }, field: "top_p" },
  { body: { ...ok, top_k: 501 }, field: "top_k" },
  { body: { ...ok, messages: [] }, field: "messages" },
  { body: { ...ok, messages: [{ role: "system", content: "x" }] }, field: "messages.0.role" },
  { body: { ...ok, messages: [{ role: "user", content: [] }] }, field: "messages.0.content" },
  { body: { ...ok, thinking: { type: "enabled", budget_tokens: 1024 } }, field: "thinking.budget_tokens" },
  { body: { ...ok, stop_sequences: [""] }, field: "stop_sequences.0" },
  { body: userBlocks(text("a"), { type: "document", source: {} }), field: "messages.0.content.1.source.type" },
  { body: userBlocks(text("a"), { type: "search_result", source: "x", title: "t", content: [] }), field: "messages.0.content.1.type" },
  { body: image({ media_type: "image/tiff" }), field: "messages.0.content.0.source.media_type" },
  { body: image({ media_type: "image/jpeg" }), field: "messages.0.content.0.source.data" },
  { body: image({ type: "url", url: "https://example.com/x.png" }), field: "messages.0.content.0.source.url" },
  { body: image({ data: "%%%" }), field: "messages.0.content.0.source.data" },
  { body: userBlocks(...Array(21).fill({ type: "image", source: { type: "base64", media_type: "image/png", data: PNG } })), field: "messages.0.content.20" },
  { body: userBlocks({ type: "tool_use", id: "t1", name: "f", input: {} }), field: "messages.0.content.0.type" },
  { body: { ...ok, tools: [{ name: "bad name", input_schema: {} }] }, field: "tools.0.name" },
  { body: { ...ok, tools: [{ name: "f" }] }, field: "tools.0.input_schema" },
  { body: { ...ok, tools: [{ type: "computer_20241022", name: "computer" }] }, field: "tools.0.type" },
  { body: { ...ok, tool_choice: { type: "auto" } }, field: "tool_choice" },
  { body: { ...ok, tools: [{ name: "f", input_schema: {} }], tool_choice: { type: "none" } }, field: "tool_choice.type" },
  { body: { ...ok, tools: [{ name: "f", input_schema: {} }], tool_choice: { type: "tool", name: "g" } }, field: "tool_choice.name" },
  { body: "a string", field: "body" },
];
for (const c of invalidCases) {
  test(`anthropic rejects ${c.field}: ${JSON.stringify(c.body).slice(0, 70)}`, () => {
    assert.throws(() => anthropic.decode(c.body, MODEL), (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === c.field);
  });
}

test("anthropic accepts the dated version and anthropic_beta that Anthropic's Bedrock SDK sends", () => {
  const decoded = anthropic.decode({ ...ok, anthropic_version: "2026-10-21", anthropic_beta: ["token-efficient-tools-2025-02-19"] }, MODEL);
  assert.equal(decoded.kind, "converse");
});

test("anthropic encodes a result as a Messages response", () => {
  const result = {
    message: sensitive({
      role: "assistant" as const,
      content: [
        { type: "text" as const, text: "Let me check." },
        { type: "toolUse" as const, toolUseId: "toolu_02B", name: "get_weather", input: { city: "Paris" } },
      ],
    }),
    stopReason: "tool_use" as const,
    usage: { inputTokens: 30, outputTokens: 12, totalTokens: 42 },
  };
  const encoded = anthropic.encodeConverse?.(result, `us.${MODEL}`) as Record<string, unknown>;
  assert.match(String(encoded.id), /^msg_bdrk_[0-9a-f]{24}$/);
  assert.deepEqual({ ...encoded, id: "x" }, {
    id: "x",
    type: "message",
    role: "assistant",
    model: "claude-3-5-sonnet-20240620",
    content: [
      { type: "text", text: "Let me check." },
      { type: "tool_use", id: "toolu_02B", name: "get_weather", input: { city: "Paris" } },
    ],
    stop_reason: "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 12 },
  });
});

test("the response model is Anthropic's name for dated Bedrock ids, across id forms", async () => {
  const { anthropicModelName } = await import("./anthropic-response.js");
  assert.equal(anthropicModelName("anthropic.claude-sonnet-4-5-20250929-v1:0"), "claude-sonnet-4-5-20250929");
  assert.equal(anthropicModelName("eu.anthropic.claude-3-haiku-20240307-v1:0"), "claude-3-haiku-20240307");
  assert.equal(anthropicModelName("arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-3-opus-20240229-v1:0"), "claude-3-opus-20240229");
  assert.equal(anthropicModelName("anthropic.claude-v2:1"), "claude-v2:1");
});

test("anthropic encodes thinking, redacted thinking, cache usage and the matched stop sequence", () => {
  const result = {
    message: sensitive({
      role: "assistant" as const,
      content: [
        { type: "reasoning" as const, text: "Hmm.", signature: "sig" },
        { type: "redactedReasoning" as const, data: new Uint8Array(Buffer.from("opaque")) },
        { type: "text" as const, text: "Answer END" },
      ],
    }),
    stopReason: "stop_sequence" as const,
    usage: { inputTokens: 30, outputTokens: 12, totalTokens: 542, cacheReadInputTokens: 500, cacheWriteInputTokens: 0 },
    additionalFields: sensitive({ stop_sequence: "END" }),
  };
  const encoded = anthropic.encodeConverse?.(result, MODEL) as Record<string, unknown>;
  assert.deepEqual(encoded.content, [
    { type: "thinking", thinking: "Hmm.", signature: "sig" },
    { type: "redacted_thinking", data: "opaque" },
    { type: "text", text: "Answer END" },
  ]);
  assert.equal(encoded.stop_reason, "stop_sequence");
  assert.equal(encoded.stop_sequence, "END");
  assert.deepEqual(encoded.usage, { input_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 500, output_tokens: 12 });
});
