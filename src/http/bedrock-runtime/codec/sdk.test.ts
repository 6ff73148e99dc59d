import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import {
  BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, CountTokensCommand,
} from "@aws-sdk/client-bedrock-runtime";
import type { ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { HttpResponse } from "@smithy/protocol-http";
import type { HttpRequest } from "@smithy/protocol-http";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { sensitive } from "../../../kernel/index.js";
import type { StreamEvent } from "../../../kernel/index.js";
import {
  decodeConverseRequest, decodeConverseStreamRequest, decodeCountTokensRequest,
  encodeConverseOutput, encodeCountTokensOutput, encodeStreamEvent,
} from "./index.js";

/**
 * The real AWS SDK on both sides of the codec, with no network: a request handler records the
 * HttpRequest the SDK serialized (decoded here exactly as the server would) and answers with
 * what our encoders wrote, which the SDK's own deserializer must accept.
 */
const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };

function client(answer: (request: HttpRequest) => HttpResponse): { sdk: BedrockRuntimeClient; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const sdk = new BedrockRuntimeClient({
    region: "us-east-1", endpoint: "http://127.0.0.1:1", maxAttempts: 1,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    requestHandler: { handle: async (request: HttpRequest) => { sent.push(request); return { response: answer(request) }; } },
  });
  return { sdk, sent };
}

const json = (value: unknown): HttpResponse =>
  new HttpResponse({ statusCode: 200, headers: { "content-type": "application/json" }, body: Readable.from([Buffer.from(JSON.stringify(value))]) });
const okConverse = () => json(encodeConverseOutput({ message: sensitive({ role: "assistant", content: [{ type: "text", text: "ok" }] }), stopReason: "end_turn", usage }, 1));

/** What the server's edge would do: the path label percent-decoded, the body JSON-parsed. */
function received(request: HttpRequest | undefined): { modelId: string; body: unknown } {
  assert.ok(request);
  const label = request.path.split("/")[2] ?? "";
  // The SDK's body is a Uint8Array subclass with string helpers; read its bytes only.
  const body = request.body as Uint8Array;
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return { modelId: decodeURIComponent(label), body: JSON.parse(new TextDecoder().decode(bytes)) };
}

const TOOL = { toolSpec: { name: "get_weather", description: "Current weather", inputSchema: { json: { type: "object", properties: { city: { type: "string" } } } } } };

describe("decode what @aws-sdk/client-bedrock-runtime sends", () => {
  it("Converse with system, images, tools, a tool round trip, inference settings, guardrail and metadata", async () => {
    const { sdk, sent } = client(okConverse);
    await sdk.send(new ConverseCommand({
      modelId: MODEL,
      system: [{ text: "You are terse." }],
      messages: [
        { role: "user", content: [{ text: "Weather where this photo was taken?" }, { image: { format: "png", source: { bytes: PNG } } }] },
        { role: "assistant", content: [{ toolUse: { toolUseId: "tooluse_1", name: "get_weather", input: { city: "Oslo" } } }] },
        { role: "user", content: [{ toolResult: { toolUseId: "tooluse_1", status: "success", content: [{ json: { tempC: -3 } }] } }] },
      ],
      inferenceConfig: { maxTokens: 256, temperature: 0.2, topP: 0.9, stopSequences: ["\n\nHuman:"] },
      toolConfig: { tools: [TOOL], toolChoice: { auto: {} } },
      guardrailConfig: { guardrailIdentifier: "gr0abc", guardrailVersion: "2", trace: "enabled_full" },
      requestMetadata: { tenant: "t-1" },
      additionalModelRequestFields: { top_k: 50 },
    }));
    const { modelId, body } = received(sent[0]);
    assert.equal(sent[0]?.path, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    const command = decodeConverseRequest(body, modelId);
    assert.equal(command.modelId, MODEL);
    assert.deepEqual(command.inference, { maxTokens: 256, temperature: 0.2, topP: 0.9, topK: 50 });
    assert.deepEqual(command.guardrail, { identifier: "gr0abc", version: "2", trace: "enabled_full" });
    assert.deepEqual(command.requestMetadata?.reveal(), { tenant: "t-1" });
    assert.deepEqual(command.conversation.reveal(), {
      system: [{ type: "text", text: "You are terse." }],
      messages: [
        { role: "user", content: [{ type: "text", text: "Weather where this photo was taken?" }, { type: "image", format: "png", bytes: PNG }] },
        { role: "assistant", content: [{ type: "toolUse", toolUseId: "tooluse_1", name: "get_weather", input: { city: "Oslo" } }] },
        { role: "user", content: [{ type: "toolResult", toolUseId: "tooluse_1", status: "success", content: [{ type: "json", json: { tempC: -3 } }] }] },
      ],
      tools: { tools: [{ name: "get_weather", description: "Current weather", inputSchema: TOOL.toolSpec.inputSchema.json }], toolChoice: { type: "auto" } },
      stopSequences: ["\n\nHuman:"],
    });
  });

  it("ConverseStream with a stream guardrail configuration", async () => {
    const { sdk, sent } = client(() => new HttpResponse({ statusCode: 200, headers: { "content-type": "application/vnd.amazon.eventstream" }, body: Readable.from([]) }));
    const out = await sdk.send(new ConverseStreamCommand({
      modelId: MODEL,
      messages: [{ role: "user", content: [{ text: "Stream please" }] }],
      guardrailConfig: { guardrailIdentifier: "gr0abc", guardrailVersion: "DRAFT", streamProcessingMode: "async" },
    }));
    for await (const _ of out.stream ?? []) assert.fail("no events were sent");
    const { modelId, body } = received(sent[0]);
    const command = decodeConverseStreamRequest(body, modelId);
    assert.deepEqual(command.guardrail, { identifier: "gr0abc", version: "DRAFT", streamProcessingMode: "async" });
    assert.deepEqual(command.conversation.reveal().messages, [{ role: "user", content: [{ type: "text", text: "Stream please" }] }]);
  });

  it("CountTokens, both input kinds, and the SDK reads our { inputTokens }", async () => {
    const { sdk, sent } = client(() => json(encodeCountTokensOutput(42)));
    const native = new TextEncoder().encode('{"messages":[{"role":"user","content":"hi"}],"max_tokens":5}');
    const a = await sdk.send(new CountTokensCommand({ modelId: MODEL, input: { converse: { messages: [{ role: "user", content: [{ text: "count me" }] }], system: [{ text: "s" }] } } }));
    await sdk.send(new CountTokensCommand({ modelId: MODEL, input: { invokeModel: { body: native } } }));
    assert.equal(a.inputTokens, 42);
    const first = received(sent[0]);
    const converse = decodeCountTokensRequest(first.body, first.modelId);
    assert.ok(converse.kind === "converse");
    assert.deepEqual(converse.command.conversation.reveal(), { system: [{ type: "text", text: "s" }], messages: [{ role: "user", content: [{ type: "text", text: "count me" }] }] });
    const second = received(sent[1]);
    const invoke = decodeCountTokensRequest(second.body, second.modelId);
    assert.ok(invoke.kind === "invokeModel");
    assert.deepEqual(invoke.body.reveal(), native);
  });
});

describe("decode the newer members as the SDK serializes them", () => {
  it("Converse with documents, reasoning, cache points, outputConfig, serviceTier, performanceConfig, strict tools and response field paths", async () => {
    const { sdk, sent } = client(okConverse);
    await sdk.send(new ConverseCommand({
      modelId: MODEL,
      system: [{ text: "Read carefully." }, { cachePoint: { type: "default", ttl: "1h" } }],
      messages: [
        { role: "user", content: [{ document: { format: "pdf", name: "Quarterly report", source: { bytes: PNG } } }, { text: "Summarise." }, { cachePoint: { type: "default" } }] },
        { role: "assistant", content: [{ reasoningContent: { reasoningText: { text: "The report says...", signature: "sig" } } }, { reasoningContent: { redactedContent: PNG } }, { text: "It grew." }] },
        { role: "user", content: [{ text: "Why?" }] },
      ],
      toolConfig: { tools: [{ toolSpec: { ...TOOL.toolSpec, strict: true } }, { cachePoint: { type: "default", ttl: "1h" } }] },
      outputConfig: { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: JSON.stringify({ type: "object" }), name: "why" } } }, effort: "high" },
      serviceTier: { type: "priority" },
      performanceConfig: { latency: "optimized" },
      additionalModelResponseFieldPaths: ["/delta/stop_sequence"],
      additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 2048 }, anthropic_beta: ["interleaved-thinking-2025-05-14"] },
    }));
    const { modelId, body } = received(sent[0]);
    const command = decodeConverseRequest(body, modelId);
    assert.deepEqual(command.inference, { reasoning: { budgetTokens: 2048, effort: "high" }, serviceTier: "priority", latency: "optimized" });
    assert.deepEqual(command.responseFieldPaths, ["/delta/stop_sequence"]);
    assert.deepEqual(command.anthropic, { betas: ["interleaved-thinking-2025-05-14"] });
    const conv = command.conversation.reveal();
    assert.deepEqual(conv.system, [{ type: "text", text: "Read carefully.", cache: { ttl: "1h" } }]);
    assert.deepEqual(conv.messages[0]?.content, [
      { type: "document", format: "pdf", name: "Quarterly report", source: { bytes: PNG } },
      { type: "text", text: "Summarise.", cache: {} },
    ]);
    assert.deepEqual(conv.messages[1]?.content, [
      { type: "reasoning", text: "The report says...", signature: "sig" },
      { type: "redactedReasoning", data: PNG },
      { type: "text", text: "It grew." },
    ]);
    assert.deepEqual(conv.tools?.tools[0], { name: "get_weather", description: "Current weather", inputSchema: TOOL.toolSpec.inputSchema.json, strict: true, cache: { ttl: "1h" } });
    assert.deepEqual(conv.outputFormat, { type: "json_schema", schema: { type: "object" }, name: "why" });
  });

  it("the SDK reads reasoning, response fields, cache usage and the service echoes", async () => {
    const cached = { ...usage, cacheReadInputTokens: 4, cacheWriteInputTokens: 6 };
    const { sdk } = client(() => json(encodeConverseOutput({
      message: sensitive({ role: "assistant", content: [
        { type: "reasoning", text: "hmm", signature: "sig" },
        { type: "redactedReasoning", data: PNG },
        { type: "text", text: "ok" },
      ] }),
      stopReason: "stop_sequence", usage: cached,
      additionalFields: sensitive({ delta: { stop_sequence: "END" } }),
    }, 3, { serviceTier: "flex", latency: "standard" })));
    const out = await sdk.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "q" }] }] }));
    const [reasoning, redacted, text] = out.output?.message?.content ?? [];
    assert.deepEqual(reasoning, { reasoningContent: { reasoningText: { text: "hmm", signature: "sig" } } });
    assert.deepEqual(new Uint8Array(redacted?.reasoningContent?.redactedContent ?? []), PNG);
    assert.deepEqual(text, { text: "ok" });
    assert.deepEqual(out.usage, cached);
    assert.deepEqual(out.additionalModelResponseFields, { delta: { stop_sequence: "END" } });
    assert.deepEqual(out.serviceTier, { type: "flex" });
    assert.deepEqual(out.performanceConfig, { latency: "standard" });
  });
});

describe("the SDK's deserializer accepts what the encoders write", () => {
  it("Converse: text, image and tool use come back as the SDK's types", async () => {
    const { sdk } = client(() => json(encodeConverseOutput({
      message: sensitive({ role: "assistant", content: [
        { type: "text", text: "Calling a tool." },
        { type: "image", format: "png", bytes: PNG },
        { type: "toolUse", toolUseId: "tooluse_2", name: "get_weather", input: { city: "Lima", days: [1, 2] } },
      ] }),
      stopReason: "tool_use", usage,
    }, 321)));
    const out = await sdk.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "q" }] }] }));
    assert.equal(out.stopReason, "tool_use");
    assert.deepEqual(out.usage, usage);
    assert.deepEqual(out.metrics, { latencyMs: 321 });
    assert.deepEqual(out.output?.message?.role, "assistant");
    const [text, image, tool] = out.output?.message?.content ?? [];
    assert.deepEqual(text, { text: "Calling a tool." });
    assert.deepEqual(image?.image?.format, "png");
    assert.deepEqual(new Uint8Array(image?.image?.source?.bytes ?? []), PNG);
    assert.deepEqual(tool, { toolUse: { toolUseId: "tooluse_2", name: "get_weather", input: { city: "Lima", days: [1, 2] } } });
  });

  it("ConverseStream: every event kind, framed as the HTTP layer frames them", async () => {
    const events: StreamEvent[] = [
      { type: "messageStart", role: "assistant" },
      { type: "contentBlockStart", index: 0 },
      { type: "contentBlockDelta", index: 0, delta: sensitive({ text: "Let me check." }) },
      { type: "contentBlockStop", index: 0 },
      { type: "contentBlockStart", index: 1, toolUse: { toolUseId: "tooluse_3", name: "get_weather" } },
      { type: "contentBlockDelta", index: 1, delta: sensitive({ toolUseInput: '{"city":"Ro' }) },
      { type: "contentBlockDelta", index: 1, delta: sensitive({ toolUseInput: 'me"}' }) },
      { type: "contentBlockStop", index: 1 },
      { type: "contentBlockDelta", index: 2, delta: sensitive({ reasoningText: "Thinking" }) },
      { type: "contentBlockDelta", index: 2, delta: sensitive({ reasoningSignature: "sig" }) },
      { type: "contentBlockStop", index: 2 },
      { type: "contentBlockDelta", index: 3, delta: sensitive({ redactedReasoning: new Uint8Array([1, 2]) }) },
      { type: "contentBlockStop", index: 3 },
      { type: "messageStop", stopReason: "tool_use", additionalFields: sensitive({ delta: { stop_sequence: null } }) },
      { type: "metadata", usage: { ...usage, cacheReadInputTokens: 3 }, serviceTier: "default" },
    ];
    const codec = new EventStreamCodec(toUtf8, fromUtf8);
    const frames = events.map((e) => encodeStreamEvent(e, 99, { latency: "standard" })).filter((e) => e !== undefined).map((e) => Buffer.from(codec.encode({
      headers: {
        ":message-type": { type: "string", value: "event" },
        ":event-type": { type: "string", value: e.eventType },
        ":content-type": { type: "string", value: "application/json" },
      },
      body: fromUtf8(JSON.stringify(e.payload)),
    })));
    const { sdk } = client(() => new HttpResponse({ statusCode: 200, headers: { "content-type": "application/vnd.amazon.eventstream" }, body: Readable.from(frames) }));
    const out = await sdk.send(new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "q" }] }] }));
    const got: ConverseStreamOutput[] = [];
    for await (const e of out.stream ?? []) got.push(e);
    assert.deepEqual(JSON.parse(JSON.stringify(got)), [
      { messageStart: { role: "assistant" } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Let me check." } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: "tooluse_3", name: "get_weather" } } } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":"Ro' } } } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: 'me"}' } } } },
      { contentBlockStop: { contentBlockIndex: 1 } },
      { contentBlockDelta: { contentBlockIndex: 2, delta: { reasoningContent: { text: "Thinking" } } } },
      { contentBlockDelta: { contentBlockIndex: 2, delta: { reasoningContent: { signature: "sig" } } } },
      { contentBlockStop: { contentBlockIndex: 2 } },
      { contentBlockDelta: { contentBlockIndex: 3, delta: { reasoningContent: { redactedContent: { 0: 1, 1: 2 } } } } },
      { contentBlockStop: { contentBlockIndex: 3 } },
      { messageStop: { stopReason: "tool_use", additionalModelResponseFields: { delta: { stop_sequence: null } } } },
      { metadata: { usage: { ...usage, cacheReadInputTokens: 3 }, metrics: { latencyMs: 99 }, serviceTier: { type: "default" }, performanceConfig: { latency: "standard" } } },
    ]);
  });
});
