import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault, sensitive } from "../../kernel/index.js";
import type { Conversation, ConverseRequest, StreamEvent } from "../../kernel/index.js";
import { decodeConverse, decodeStopReason, encodeConverse } from "./codec.js";
import { encodeEmbed } from "./embed-codec.js";
import { callFault, streamFault } from "./errors.js";
import { StreamTranslator } from "./stream-codec.js";
import { baseModelId, embedFamily } from "./wire.js";
import type { WireStreamOutput } from "./wire.js";

const png = new Uint8Array([137, 80, 78, 71]);
const request = (conversation: Conversation, inference: ConverseRequest["inference"] = {}, model = "chat-model"): ConverseRequest =>
  ({ model, inference, conversation: sensitive(conversation) });

describe("bedrock codec: domain request -> Converse input", () => {
  const cases: [string, ConverseRequest, object][] = [
    ["text only, no knobs: no inferenceConfig, no empty system", request({ system: [], messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] }),
      { messages: [{ role: "user", content: [{ text: "hi" }] }] }],
    ["every block kind, tools, knobs and stop sequences", request({
      system: [{ type: "text" as const, text: "s1" }, { type: "text" as const, text: "s2" }],
      messages: [
        { role: "user", content: [{ type: "text", text: "look" }, { type: "image", format: "png", bytes: png }] },
        { role: "assistant", content: [{ type: "toolUse", toolUseId: "t1", name: "get_weather", input: { city: "Leeds" } }] },
        { role: "user", content: [{ type: "toolResult", toolUseId: "t1", status: "error", content: [{ type: "text", text: "no" }, { type: "json", json: { a: 1 } }, { type: "image", format: "jpeg", bytes: png }] }] },
      ],
      tools: { tools: [{ name: "get_weather", description: "d", inputSchema: { type: "object" } }], toolChoice: { type: "tool", name: "get_weather" } },
      stopSequences: ["END"],
    }, { maxTokens: 10, temperature: 0, topP: 1 }), {
      messages: [
        { role: "user", content: [{ text: "look" }, { image: { format: "png", source: { bytes: png } } }] },
        { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "get_weather", input: { city: "Leeds" } } }] },
        { role: "user", content: [{ toolResult: { toolUseId: "t1", status: "error", content: [{ text: "no" }, { json: { a: 1 } }, { image: { format: "jpeg", source: { bytes: png } } }] } }] },
      ],
      system: [{ text: "s1" }, { text: "s2" }],
      toolConfig: { tools: [{ toolSpec: { name: "get_weather", description: "d", inputSchema: { json: { type: "object" } } } }], toolChoice: { tool: { name: "get_weather" } } },
      inferenceConfig: { maxTokens: 10, temperature: 0, topP: 1, stopSequences: ["END"] },
    }],
    ["toolChoice any, topK for a Nova inference profile", request({ system: [], messages: [], tools: { tools: [{ name: "f", inputSchema: {} }], toolChoice: { type: "any" } } }, { topK: 5 }, "us.amazon.nova-lite-v1:0"),
      { messages: [], toolConfig: { tools: [{ toolSpec: { name: "f", inputSchema: { json: {} } } }], toolChoice: { any: {} } }, additionalModelRequestFields: { inferenceConfig: { topK: 5 } } }],
    ["topK for an Anthropic foundation-model ARN", request({ system: [], messages: [] }, { topK: 7 }, "arn:aws:bedrock:eu-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"),
      { messages: [], additionalModelRequestFields: { top_k: 7 } }],
  ];
  for (const [what, input, expected] of cases) {
    it(what, () => assert.deepEqual(encodeConverse(input), expected));
  }

  it("refuses topK for a family with no known field, naming it", () => {
    assert.throws(() => encodeConverse(request({ system: [], messages: [] }, { topK: 1 }, "meta.llama3-8b-instruct-v1:0")),
      (e) => e instanceof Fault && e.kind === "validation" && e.detail.field === "inferenceConfig.topK");
  });
});

describe("bedrock codec: Converse output -> domain", () => {
  it("keeps text, reasoning, redacted reasoning and toolUse; recomputes totalTokens with the cache counts", () => {
    const decoded = decodeConverse({
      output: { message: { role: "assistant", content: [
        { reasoningContent: { reasoningText: { text: "hmm", signature: "sig" } } }, { reasoningContent: { redactedContent: png } },
        { citationsContent: { content: [{ text: "c" }], citations: [] } } as never,
        { text: "hi" }, { toolUse: { toolUseId: "t", name: "f", input: { x: 1 } } },
      ] } },
      stopReason: "tool_use",
      usage: { inputTokens: 3, outputTokens: 4, totalTokens: 9, cacheReadInputTokens: 10, cacheWriteInputTokens: 0 },
      additionalModelResponseFields: { delta: { stop_sequence: null } },
      serviceTier: { type: "priority" },
    });
    assert.deepEqual(decoded, {
      message: { role: "assistant", content: [
        { type: "reasoning", text: "hmm", signature: "sig" }, { type: "redactedReasoning", data: png },
        { type: "text", text: "hi" }, { type: "toolUse", toolUseId: "t", name: "f", input: { x: 1 } },
      ] },
      stopReason: "tool_use",
      usage: { inputTokens: 3, outputTokens: 4, totalTokens: 17, cacheReadInputTokens: 10, cacheWriteInputTokens: 0 },
      additionalFields: { delta: { stop_sequence: null } },
      serviceTier: "priority",
    });
  });

  const reasons: [string, string | undefined][] = [
    ["end_turn", "end_turn"], ["content_filtered", "content_filtered"], ["model_context_window_exceeded", "max_tokens"],
    ["malformed_model_output", undefined], ["malformed_tool_use", undefined], ["something_new", undefined],
  ];
  for (const [wire, domain] of reasons) it(`stopReason ${wire} -> ${domain}`, () => assert.equal(decodeStopReason(wire), domain));
});

const run = (items: WireStreamOutput[]): unknown[] => {
  const t = new StreamTranslator();
  const out = items.flatMap((i) => t.push(i)).map((e: StreamEvent) => (e.type === "contentBlockDelta" ? { ...e, delta: e.delta.reveal() } : e));
  t.finish();
  return out;
};
const start = { messageStart: { role: "assistant" as const } };
const stop = (stopReason: "end_turn" | "tool_use") => [{ messageStop: { stopReason } }, { metadata: { usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, metrics: { latencyMs: 1 } } }];

describe("bedrock codec: ConverseStream events -> domain events", () => {
  it("text deltas", () => assert.deepEqual(run([start, { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "a" } } }, { contentBlockStop: { contentBlockIndex: 0 } }, ...stop("end_turn")]), [
    { type: "messageStart", role: "assistant" }, { type: "contentBlockDelta", index: 0, delta: { text: "a" } }, { type: "contentBlockStop", index: 0 },
    { type: "messageStop", stopReason: "end_turn" }, { type: "metadata", usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } },
  ]));
  it("a skipped citation block, then a tool block renumbered to 0", () => assert.deepEqual(run([
    start,
    { contentBlockDelta: { contentBlockIndex: 0, delta: { citation: { title: "t" } } as never } }, { contentBlockStop: { contentBlockIndex: 0 } },
    { contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: "t", name: "f" } } } },
    { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: "{}" } } } }, { contentBlockStop: { contentBlockIndex: 1 } },
    ...stop("tool_use"),
  ]).slice(0, 4), [
    { type: "messageStart", role: "assistant" }, { type: "contentBlockStart", index: 0, toolUse: { toolUseId: "t", name: "f" } },
    { type: "contentBlockDelta", index: 0, delta: { toolUseInput: "{}" } }, { type: "contentBlockStop", index: 0 },
  ]));

  const broken: [string, WireStreamOutput[]][] = [
    ["content before messageStart", [{ contentBlockDelta: { contentBlockIndex: 0, delta: { text: "a" } } }]],
    ["metadata before messageStop", [start, stop("end_turn")[1]!]],
    ["messageStop with an open block", [start, { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "a" } } }, stop("end_turn")[0]!]],
    ["a stream that ends without metadata", [start, stop("end_turn")[0]!]],
    ["an unusable stopReason", [start, { messageStop: { stopReason: "malformed_tool_use" } }]],
  ];
  for (const [what, items] of broken) {
    it(`${what} is a model-stream-error`, () => assert.throws(() => run(items), (e) => e instanceof Fault && e.kind === "model-stream-error"));
  }
});

describe("bedrock errors: SDK exception -> Fault", () => {
  const err = (name: string, status?: number, extra: object = {}) =>
    Object.assign(new Error("upstream-secret-detail"), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}), ...extra });
  const cases: [unknown, string, number?][] = [
    [err("ValidationException", 400), "validation"],
    [err("ThrottlingException", 429), "throttling"],
    [err("ServiceQuotaExceededException", 400), "throttling"],
    [err("ModelNotReadyException", 429), "model-not-ready"],
    [err("ModelTimeoutException", 408), "model-timeout"],
    [err("ModelErrorException", 424, { originalStatusCode: 502 }), "model-error", 502],
    [err("ModelErrorException", 424), "model-error", 424],
    [err("InternalServerException", 500), "model-error", 500],
    [err("ServiceUnavailableException", 503), "service-unavailable"],
    [err("AccessDeniedException", 403), "service-unavailable"],
    [err("UnrecognizedClientException", 403), "service-unavailable"],
    [err("IncompleteSignatureException", 400), "service-unavailable"],
    [err("ResourceNotFoundException", 404), "service-unavailable"],
    [err("CredentialsProviderError"), "service-unavailable"],
    [err("SomethingNewException", 422), "validation"],
    [err("SomethingNewException", 504), "model-timeout"],
    [err("SomethingNewException", 502), "model-error", 502],
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), "service-unavailable"],
    [err("Upstream said: upstream-secret-detail", 418), "model-error", 418],
  ];
  for (const [error, kind, status] of cases) {
    it(`${(error as Error).name} ${(error as { $metadata?: { httpStatusCode: number } }).$metadata?.httpStatusCode ?? ""} -> ${kind}`, () => {
      const f = callFault(error);
      assert.equal(f.kind, kind);
      assert.equal(f.detail.originalStatusCode, status);
      assert.doesNotMatch(f.message, /upstream-secret-detail|ECONNREFUSED 127/);
    });
  }
  it("a failure after the stream started is a model-stream-error keeping the model's status", () => {
    const f = streamFault(err("ModelStreamErrorException", undefined, { originalStatusCode: 500 }));
    assert.deepEqual([f.kind, f.detail.originalStatusCode], ["model-stream-error", 500]);
  });
});

describe("bedrock embeddings codec", () => {
  const texts = sensitive(["a", "b"]);
  it("titan v2: one body per text", () => assert.deepEqual(encodeEmbed({ model: "amazon.titan-embed-text-v2:0", texts, dimensions: 512, normalize: false }),
    { family: "titan-v2", bodies: [{ inputText: "a", dimensions: 512, normalize: false }, { inputText: "b", dimensions: 512, normalize: false }] }));
  it("cohere v3: one batch, search_document when no purpose is named", () => assert.deepEqual(encodeEmbed({ model: "cohere.embed-multilingual-v3", texts }),
    { family: "cohere-v3", bodies: [{ texts: ["a", "b"], input_type: "search_document" }] }));
  it("cohere: batches of 96", () => assert.deepEqual(
    encodeEmbed({ model: "cohere.embed-english-v3", texts: sensitive(Array.from({ length: 97 }, (_, i) => `t${i}`)) }).bodies.map((b) => ("texts" in b ? b.texts.length : 0)), [96, 1]));
  const ids: [string, string, string | undefined][] = [
    ["eu.cohere.embed-v4:0", "cohere.embed-v4:0", "cohere-v4"],
    ["arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.amazon.titan-embed-text-v2:0", "amazon.titan-embed-text-v2:0", "titan-v2"],
    ["amazon.titan-embed-g1-text-02", "amazon.titan-embed-g1-text-02", "titan"],
    ["anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0", undefined],
  ];
  for (const [id, base, family] of ids) it(`${id} -> ${family}`, () => assert.deepEqual([baseModelId(id), embedFamily(id)], [base, family]));
});
