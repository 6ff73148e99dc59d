import { test } from "node:test";
import assert from "node:assert/strict";
import { Fault, isFault, sensitive } from "../../../kernel/index.js";
import type { StreamEvent } from "../../../kernel/index.js";
import { nativeFamilyFor } from "./registry.js";
import { MAX_HELD_TOOL_INPUT, nova } from "./nova.js";

const MODEL = "amazon.nova-lite-v1:0";
const usage = { inputTokens: 12, outputTokens: 5, totalTokens: 17 };
const isValidation = (field: string) => (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === field;

function decoded(body: unknown) {
  const d = nova.decode(body, MODEL);
  assert.equal(d.kind, "converse");
  return d.command;
}

test("nova: the body LlamaIndex sends (camelCase inferenceConfig, toolConfig, a tool round trip)", () => {
  const command = decoded({
    messages: [
      { role: "user", content: [{ text: "Weather in Leeds?" }] },
      { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "get_weather", input: { city: "Leeds" } } }] },
      { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ text: "12 degrees" }] } }] },
    ],
    inferenceConfig: { maxTokens: 1024, temperature: 0.1, topP: 1 },
    toolConfig: { tools: [{ toolSpec: { name: "get_weather", description: "Weather", inputSchema: { json: { type: "object", properties: { city: { type: "string" } } } } } }] },
  });
  assert.equal(command.modelId, MODEL);
  assert.deepEqual(command.inference, { maxTokens: 1024, temperature: 0.1, topP: 1 });
  const conversation = command.conversation.reveal();
  assert.deepEqual(conversation.messages.map((m) => m.content[0]?.type), ["text", "toolUse", "toolResult"]);
  assert.equal(conversation.tools?.tools[0]?.name, "get_weather");
});

test("nova: schemaVersion, system, snake_case inference names and stop sequences", () => {
  const command = decoded({
    schemaVersion: "messages-v1",
    system: [{ text: "Be brief." }],
    messages: [{ role: "user", content: [{ text: "Hi" }] }],
    inferenceConfig: { max_new_tokens: 50, top_p: 0.9, top_k: 20, stopSequences: ["END"] },
  });
  assert.deepEqual(command.inference, { maxTokens: 50, topP: 0.9, topK: 20 });
  const conversation = command.conversation.reveal();
  assert.deepEqual(conversation.system, [{ type: "text", text: "Be brief." }]);
  assert.deepEqual(conversation.stopSequences, ["END"]);
});

test("nova: refuses what it cannot honour rather than dropping it", () => {
  const messages = [{ role: "user", content: [{ text: "Hi" }] }];
  assert.throws(() => decoded({ messages, inferenceConfig: { maxTokens: 5, max_new_tokens: 5 } }), isValidation("inferenceConfig.max_new_tokens"));
  assert.throws(() => decoded({ messages, inferenceConfig: { reasoningConfig: { type: "enabled" } } }), isValidation("inferenceConfig.reasoningConfig"));
  assert.throws(() => decoded({ messages, inferenceConfig: { temperature: 2 } }), isValidation("inferenceConfig.temperature"));
  assert.throws(() => decoded({ messages, prompt: "x" }), isValidation("prompt"));
  assert.throws(() => decoded({ messages, schemaVersion: "messages-v2" }), isValidation("schemaVersion"));
  assert.throws(() => decoded({ inferenceConfig: {} }), isValidation("messages"));
  const document = { document: { format: "txt", name: "n", source: { bytes: Buffer.from("hello").toString("base64") } } };
  assert.throws(() => decoded({ messages: [{ role: "user", content: [{ text: "Read" }, document] }] }), isValidation("messages"));
});

test("nova: the whole response is output.message, stopReason and usage", () => {
  const result = {
    message: sensitive({ role: "assistant" as const, content: [{ type: "text" as const, text: "Hello" }, { type: "toolUse" as const, toolUseId: "t1", name: "get_weather", input: { city: "Leeds" } }] }),
    stopReason: "tool_use" as const,
    usage: { ...usage, cacheReadInputTokens: 3 },
  };
  assert.deepEqual(nova.encodeConverse?.(result, MODEL), {
    output: { message: { role: "assistant", content: [{ text: "Hello" }, { toolUse: { toolUseId: "t1", name: "get_weather", input: { city: "Leeds" } } }] } },
    stopReason: "tool_use",
    usage: { inputTokens: 12, outputTokens: 5, totalTokens: 17, cacheReadInputTokenCount: 3 },
  });
});

test("nova stream: Converse events by name; a tool's input whole in one delta; metrics on the last chunk", () => {
  let clock = 1000;
  const encoder = nova.streamEncoder?.(MODEL, () => clock);
  assert.ok(encoder);
  const events: [number, StreamEvent][] = [
    [1000, { type: "messageStart", role: "assistant" }],
    [1030, { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "Checking." }) }],
    [1031, { type: "contentBlockStop", index: 0 }],
    [1040, { type: "contentBlockStart", index: 1, toolUse: { toolUseId: "t1", name: "get_weather" } }],
    [1041, { type: "contentBlockDelta", index: 1, delta: sensitive({ toolUseInput: '{"ci' }) }],
    [1042, { type: "contentBlockDelta", index: 1, delta: sensitive({ toolUseInput: 'ty":"Leeds"}' }) }],
    [1043, { type: "contentBlockStop", index: 1 }],
    [1050, { type: "messageStop", stopReason: "tool_use" }],
    [1100, { type: "metadata", usage }],
  ];
  const chunks = events.flatMap(([t, e]) => ((clock = t), encoder.push(e)));
  assert.deepEqual(chunks, [
    { messageStart: { role: "assistant" } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Checking." } } },
    { contentBlockStop: { contentBlockIndex: 0 } },
    { contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: "t1", name: "get_weather" } } } },
    { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":"Leeds"}' } } } },
    { contentBlockStop: { contentBlockIndex: 1 } },
    { messageStop: { stopReason: "tool_use" } },
    {
      metadata: { usage: { inputTokens: 12, outputTokens: 5, totalTokens: 17 }, metrics: {}, trace: {} },
      "amazon-bedrock-invocationMetrics": { inputTokenCount: 12, outputTokenCount: 5, invocationLatency: 100, firstByteLatency: 30 },
    },
  ]);
});

test("nova: the messages-v1 models route here; Nova's image, video and speech models do not", () => {
  for (const id of ["amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0", "amazon.nova-premier-v1:0", "eu.amazon.nova-lite-v1:0", "global.amazon.nova-2-lite-v1:0"]) {
    assert.equal(nativeFamilyFor(id)?.name, "nova", id);
  }
  for (const id of ["amazon.nova-canvas-v1:0", "amazon.nova-reel-v1:1", "amazon.nova-sonic-v1:0"]) assert.equal(nativeFamilyFor(id), undefined, id);
});

test("nova stream: a tool call's input held past the bound ends the stream with a model error, not unbounded memory", () => {
  const encoder = nova.streamEncoder!(MODEL);
  encoder.push({ type: "contentBlockStart", index: 0, toolUse: { toolUseId: "t1", name: "get_weather" } });
  const piece = "x".repeat(100_000);
  for (let held = 0; held + piece.length <= MAX_HELD_TOOL_INPUT; held += piece.length) {
    assert.deepEqual(encoder.push({ type: "contentBlockDelta", index: 0, delta: sensitive({ toolUseInput: piece }) }), []);
  }
  assert.throws(() => encoder.push({ type: "contentBlockDelta", index: 0, delta: sensitive({ toolUseInput: "y" }) }),
    (e: unknown) => e instanceof Fault && e.kind === "model-error" && /tool call input is over 1000000 characters/.test(e.message));
});
