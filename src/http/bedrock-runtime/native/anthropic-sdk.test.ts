import { test } from "node:test";
import assert from "node:assert/strict";
import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { sensitive } from "../../../kernel/index.js";
import type { ConverseResult, StreamEvent } from "../../../kernel/index.js";
import { nativeFamilyFor } from "./index.js";

/**
 * Anthropic's own Bedrock SDK against this codec: the SDK's request body must decode, and the
 * SDK must parse our response and stream chunks with its own logic (MessageStream accumulates
 * the events and rejects an out-of-order stream). The eventstream framing here is the test's,
 * built with the same Smithy codec AWS SDKs use; no socket is opened (a custom fetch).
 */
const MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const family = nativeFamilyFor(MODEL);
assert.ok(family?.encodeConverse && family.streamEncoder);

interface Captured { url: string; body: unknown }

function client(respond: (captured: Captured) => Response, captured: Captured[]): AnthropicBedrock {
  return new AnthropicBedrock({
    awsRegion: "us-east-1",
    baseURL: "http://127.0.0.1:9",
    apiKey: null,
    skipAuth: true,
    maxRetries: 0,
    fetch: async (url: string | URL | Request, init?: RequestInit) => {
      const c = { url: String(url), body: JSON.parse(String(init?.body)) };
      captured.push(c);
      return respond(c);
    },
  });
}

const request = {
  model: MODEL,
  max_tokens: 256,
  system: "You answer with tools when you can.",
  temperature: 0.2,
  top_k: 40,
  stop_sequences: ["END"],
  tools: [{ name: "get_weather", description: "Weather for a city", input_schema: { type: "object" as const, properties: { city: { type: "string" } } } }],
  tool_choice: { type: "auto" as const },
  messages: [{ role: "user" as const, content: "Weather in Paris?" }],
};

function assertDecodes(body: unknown): void {
  assert.ok(family);
  const decoded = family.decode(body, MODEL);
  assert.ok(decoded.kind === "converse");
  const conversation = decoded.command.conversation.reveal();
  assert.deepEqual(conversation.system, [{ type: "text", text: "You answer with tools when you can." }]);
  assert.deepEqual(conversation.messages, [{ role: "user", content: [{ type: "text", text: "Weather in Paris?" }] }]);
  assert.deepEqual(conversation.tools?.toolChoice, { type: "auto" });
  assert.deepEqual(conversation.stopSequences, ["END"]);
  assert.deepEqual(decoded.command.inference, { maxTokens: 256, temperature: 0.2, topK: 40 });
}

test("the SDK's request body decodes, and the SDK parses the encoded response", async () => {
  const result: ConverseResult = {
    message: sensitive({
      role: "assistant",
      content: [{ type: "text", text: "Checking." }, { type: "toolUse", toolUseId: "toolu_1", name: "get_weather", input: { city: "Paris" } }],
    }),
    stopReason: "tool_use",
    usage: { inputTokens: 40, outputTokens: 15, totalTokens: 55 },
  };
  const captured: Captured[] = [];
  const sdk = client(() => Response.json(family.encodeConverse?.(result, MODEL)), captured);
  const message = await sdk.messages.create(request);
  assert.equal(decodeURIComponent(new URL(captured[0]?.url ?? "").pathname), `/model/${MODEL}/invoke`);
  assertDecodes(captured[0]?.body);
  assert.equal(message.type, "message");
  assert.equal(message.model, "claude-3-5-sonnet-20240620");
  assert.equal(message.stop_reason, "tool_use");
  assert.deepEqual(message.content, [
    { type: "text", text: "Checking." },
    { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
  ]);
  assert.equal(message.usage.input_tokens, 40);
  assert.equal(message.usage.output_tokens, 15);
});

const streamEvents: StreamEvent[] = [
  { type: "messageStart", role: "assistant" },
  { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "Let me " }) },
  { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "check." }) },
  { type: "contentBlockStop", index: 0 },
  { type: "contentBlockStart", index: 1, toolUse: { toolUseId: "toolu_2", name: "get_weather" } },
  { type: "contentBlockDelta", index: 1, delta: sensitive({ toolUseInput: '{"city": "Pa' }) },
  { type: "contentBlockDelta", index: 1, delta: sensitive({ toolUseInput: 'ris"}' }) },
  { type: "contentBlockStop", index: 1 },
  { type: "messageStop", stopReason: "tool_use" },
  { type: "metadata", usage: { inputTokens: 33, outputTokens: 21, totalTokens: 54 } },
];

/** What the HTTP layer sends: each chunk object as a `chunk` event `{bytes: base64(JSON)}`. */
function eventStream(chunks: unknown[]): Response {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const frames = chunks.map((chunk) =>
    codec.encode({
      headers: {
        ":message-type": { type: "string", value: "event" },
        ":event-type": { type: "string", value: "chunk" },
        ":content-type": { type: "string", value: "application/json" },
      },
      body: fromUtf8(JSON.stringify({ bytes: Buffer.from(JSON.stringify(chunk)).toString("base64") })),
    }),
  );
  return new Response(Buffer.concat(frames), { headers: { "content-type": "application/vnd.amazon.eventstream" } });
}

test("the SDK's streaming request decodes, and MessageStream accumulates the encoded chunks", async () => {
  const captured: Captured[] = [];
  const sdk = client(() => {
    const encoder = family.streamEncoder?.(MODEL);
    assert.ok(encoder);
    return eventStream(streamEvents.flatMap((e) => encoder.push(e)));
  }, captured);
  const stream = sdk.messages.stream(request);
  let text = "";
  stream.on("text", (delta) => (text += delta));
  const message = await stream.finalMessage();
  assert.equal(decodeURIComponent(new URL(captured[0]?.url ?? "").pathname), `/model/${MODEL}/invoke-with-response-stream`);
  assertDecodes(captured[0]?.body);
  assert.equal(text, "Let me check.");
  assert.equal(message.stop_reason, "tool_use");
  assert.deepEqual(message.content, [
    { type: "text", text: "Let me check." },
    { type: "tool_use", id: "toolu_2", name: "get_weather", input: { city: "Paris" } },
  ]);
  assert.equal(message.usage.input_tokens, 33);
  assert.equal(message.usage.output_tokens, 21);
});

test("the SDK's raw event iterator sees Anthropic's event order", async () => {
  const sdk = client(() => {
    const encoder = family.streamEncoder?.(MODEL);
    assert.ok(encoder);
    return eventStream(streamEvents.flatMap((e) => encoder.push(e)));
  }, []);
  const types: string[] = [];
  for await (const event of await sdk.messages.create({ ...request, stream: true })) types.push(event.type);
  assert.deepEqual(types, [
    "message_start",
    "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
    "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
    "message_delta", "message_stop",
  ]);
});

/** Claude Code's kind of call: betas, metadata, thinking, cache marks, tools; an answer that thinks, speaks, calls a tool and reads the cache. */
const thinkingEvents: StreamEvent[] = [
  { type: "messageStart", role: "assistant" },
  { type: "contentBlockStart", index: 0 },
  { type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningText: "The user wants " }) },
  { type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningText: "the weather." }) },
  { type: "contentBlockDelta", index: 0, delta: sensitive({ reasoningSignature: "EqQBCkgsig" }) },
  { type: "contentBlockStop", index: 0 },
  { type: "contentBlockDelta", index: 1, delta: sensitive({ text: "Checking." }) },
  { type: "contentBlockStop", index: 1 },
  { type: "contentBlockStart", index: 2, toolUse: { toolUseId: "toolu_3", name: "get_weather" } },
  { type: "contentBlockDelta", index: 2, delta: sensitive({ toolUseInput: '{"city":"Paris"}' }) },
  { type: "contentBlockStop", index: 2 },
  { type: "messageStop", stopReason: "tool_use" },
  { type: "metadata", usage: { inputTokens: 10, outputTokens: 30, totalTokens: 2080, cacheReadInputTokens: 2000, cacheWriteInputTokens: 40 } },
];

test("the SDK's beta stream with betas, metadata, thinking and cache_control decodes, and MessageStream accumulates thinking, tool use and cache usage", async () => {
  const captured: Captured[] = [];
  const sdk = client(() => {
    const encoder = family.streamEncoder?.(MODEL);
    assert.ok(encoder);
    return eventStream(thinkingEvents.flatMap((e) => encoder.push(e)));
  }, captured);
  const stream = sdk.beta.messages.stream({
    model: MODEL,
    max_tokens: 4096,
    betas: ["interleaved-thinking-2025-05-14", "context-management-2025-06-27"],
    metadata: { user_id: '{"session_id":"abc"}' },
    thinking: { type: "enabled", budget_tokens: 2048 },
    system: [{ type: "text", text: "You are terse.", cache_control: { type: "ephemeral" } }],
    tools: [{ name: "get_weather", input_schema: { type: "object", properties: { city: { type: "string" } } }, cache_control: { type: "ephemeral", ttl: "1h" } }],
    messages: [{ role: "user", content: [{ type: "text", text: "Weather in Paris?", cache_control: { type: "ephemeral" } }] }],
  });
  let thinking = "";
  stream.on("thinking", (delta) => (thinking += delta));
  const message = await stream.finalMessage();

  const body = captured[0]?.body as Record<string, unknown>;
  assert.deepEqual(body["anthropic_beta"], ["interleaved-thinking-2025-05-14", "context-management-2025-06-27"]);
  const decoded = family.decode(body, MODEL);
  assert.ok(decoded.kind === "converse");
  const conversation = decoded.command.conversation.reveal();
  assert.deepEqual(decoded.command.inference.reasoning, { budgetTokens: 2048 });
  assert.equal(decoded.command.anthropic?.userId?.reveal(), '{"session_id":"abc"}');
  assert.deepEqual(decoded.command.anthropic?.betas, ["interleaved-thinking-2025-05-14", "context-management-2025-06-27"]);
  assert.deepEqual(conversation.system[0]?.cache, {});
  assert.deepEqual(conversation.tools?.tools[0]?.cache, { ttl: "1h" });
  assert.deepEqual(conversation.messages[0]?.content[0], { type: "text", text: "Weather in Paris?", cache: {} });

  assert.equal(thinking, "The user wants the weather.");
  assert.equal(message.stop_reason, "tool_use");
  assert.deepEqual(message.content, [
    { type: "thinking", thinking: "The user wants the weather.", signature: "EqQBCkgsig" },
    { type: "text", text: "Checking." },
    { type: "tool_use", id: "toolu_3", name: "get_weather", input: { city: "Paris" } },
  ]);
  assert.equal(message.usage.input_tokens, 10);
  assert.equal(message.usage.cache_read_input_tokens, 2000);
  assert.equal(message.usage.cache_creation_input_tokens, 40);
  assert.equal(message.usage.output_tokens, 30);
});
