import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault, sensitive } from "../../kernel/index.js";
import type { Conversation, ConverseRequest } from "../../kernel/index.js";
import { encodeConverse } from "./codec.js";
import { StreamTranslator } from "./stream-codec.js";

/** The newer Converse members go to upstream Bedrock as Converse members. */
const pdf = new Uint8Array(Buffer.from("%PDF-1.4"));
const request = (conversation: Partial<Conversation>, inference: ConverseRequest["inference"] = {}, model = "anthropic.claude-sonnet-4-6", extra: Partial<ConverseRequest> = {}): ConverseRequest =>
  ({ model, inference, conversation: sensitive({ system: [], messages: [], ...conversation }), ...extra });
const field = (fn: () => unknown): string => {
  try { fn(); } catch (e) { assert.ok(e instanceof Fault && e.kind === "validation", String(e)); return String(e.detail.field); }
  assert.fail("expected a validation fault");
};

describe("bedrock codec: documents, reasoning and cache points", () => {
  it("every document format goes through with its name, context and citations", () => {
    const body = encodeConverse(request({ messages: [{ role: "user", content: [
      { type: "document", format: "pdf", name: "report", source: { bytes: pdf }, context: "Q3", citations: true },
      { type: "document", format: "docx", name: "memo", source: { bytes: pdf } },
      { type: "document", format: "md", name: "notes", source: { text: "# hi" } },
    ] }] }));
    assert.deepEqual(body.messages![0]!.content, [
      { document: { format: "pdf", name: "report", source: { bytes: pdf }, context: "Q3", citations: { enabled: true } } },
      { document: { format: "docx", name: "memo", source: { bytes: pdf } } },
      { document: { format: "md", name: "notes", source: { text: "# hi" } } },
    ]);
  });
  it("reasoning goes back as reasoningContent, redacted reasoning as its bytes", () => {
    const data = new Uint8Array([1, 2, 3]);
    const body = encodeConverse(request({ messages: [{ role: "assistant", content: [{ type: "reasoning", text: "hmm", signature: "s" }, { type: "redactedReasoning", data }, { type: "text", text: "a" }] }] }));
    assert.deepEqual(body.messages![0]!.content, [{ reasoningContent: { reasoningText: { text: "hmm", signature: "s" } } }, { reasoningContent: { redactedContent: data } }, { text: "a" }]);
  });
  it("a cache point follows each marked block, system text and tool; a mark inside a tool result follows the result", () => {
    const body = encodeConverse(request({
      system: [{ type: "text", text: "sys", cache: {} }],
      tools: { tools: [{ name: "t", inputSchema: { type: "object" }, strict: true, cache: { ttl: "1h" } }] },
      messages: [
        { role: "user", content: [{ type: "text", text: "big", cache: { ttl: "5m" } }, { type: "text", text: "q" }] },
        { role: "assistant", content: [{ type: "toolUse", toolUseId: "u", name: "t", input: {} }] },
        { role: "user", content: [{ type: "toolResult", toolUseId: "u", content: [{ type: "text", text: "r", cache: {} }] }] },
      ],
    }));
    assert.deepEqual(body.system, [{ text: "sys" }, { cachePoint: { type: "default" } }]);
    assert.deepEqual(body.toolConfig!.tools, [{ toolSpec: { name: "t", inputSchema: { json: { type: "object" } }, strict: true } }, { cachePoint: { type: "default", ttl: "1h" } }]);
    assert.deepEqual(body.messages![0]!.content, [{ text: "big" }, { cachePoint: { type: "default", ttl: "5m" } }, { text: "q" }]);
    assert.deepEqual(body.messages![2]!.content, [{ toolResult: { toolUseId: "u", content: [{ text: "r" }] } }, { cachePoint: { type: "default" } }]);
  });
});

describe("bedrock codec: request options", () => {
  it("structured output, tiers, latency and response-field paths are Converse members", () => {
    const body = encodeConverse(request({ outputFormat: { type: "json_schema", schema: { type: "object" }, name: "answer", description: "d" } }, { serviceTier: "flex", latency: "optimized" }, "m", { responseFieldPaths: ["/delta/stop_sequence"] }));
    assert.deepEqual(body.outputConfig, { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: '{"type":"object"}', name: "answer", description: "d" } } } });
    assert.deepEqual(body.serviceTier, { type: "flex" });
    assert.deepEqual(body.performanceConfig, { latency: "optimized" });
    assert.deepEqual(body.additionalModelResponseFieldPaths, ["/delta/stop_sequence"]);
  });
  it("Claude: a thinking budget, betas and the user id in its request fields, with top_k", () => {
    const body = encodeConverse(request({}, { reasoning: { budgetTokens: 2048 }, topK: 5 }, "global.anthropic.claude-sonnet-4-6", { anthropic: { betas: ["interleaved-thinking-2025-05-14"], userId: sensitive("u1") } }));
    assert.deepEqual(body.additionalModelRequestFields, { top_k: 5, thinking: { type: "enabled", budget_tokens: 2048 }, anthropic_beta: ["interleaved-thinking-2025-05-14"], metadata: { user_id: "u1" } });
  });
  it("OpenAI's open-weight models: reasoning_effort", () => {
    assert.deepEqual(encodeConverse(request({}, { reasoning: { effort: "low" } }, "openai.gpt-oss-120b-1:0")).additionalModelRequestFields, { reasoning_effort: "low" });
  });
  it("what a family has no field for is refused by name", () => {
    assert.equal(field(() => encodeConverse(request({}, { reasoning: { effort: "low" } }))), "additionalModelRequestFields.reasoning_effort");
    assert.equal(field(() => encodeConverse(request({}, { reasoning: { budgetTokens: 2048 } }, "meta.llama3-8b-instruct-v1:0"))), "additionalModelRequestFields.thinking");
    assert.equal(field(() => encodeConverse(request({}, {}, "amazon.nova-pro-v1:0", { anthropic: { betas: ["x"] } }))), "anthropic_beta");
    assert.equal(field(() => encodeConverse(request({}, {}, "m", { responseFieldPaths: ["/ok", "no-slash"] }))), "additionalModelResponseFieldPaths.1");
  });
});

describe("bedrock stream codec: reasoning deltas, response fields, tier", () => {
  it("reasoning text, signature and redacted bytes are deltas; messageStop and metadata carry fields and tier", () => {
    const t = new StreamTranslator();
    const bytes = new Uint8Array([9]);
    const events = [
      { messageStart: { role: "assistant" as const } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: "hm" } } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { signature: "s" } } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { reasoningContent: { redactedContent: bytes } } } },
      { contentBlockStop: { contentBlockIndex: 1 } },
      { messageStop: { stopReason: "end_turn" as const, additionalModelResponseFields: { delta: { stop_sequence: null } } } },
      { metadata: { usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3, cacheWriteInputTokens: 4 }, metrics: { latencyMs: 1 }, serviceTier: { type: "priority" as const } } },
    ].flatMap((e) => t.push(e as never)).map((e) => (e.type === "contentBlockDelta" ? { ...e, delta: e.delta.reveal() } : e.type === "messageStop" ? { ...e, additionalFields: e.additionalFields?.reveal() } : e));
    assert.deepEqual(events.slice(1), [
      { type: "contentBlockDelta", index: 0, delta: { reasoningText: "hm" } },
      { type: "contentBlockDelta", index: 0, delta: { reasoningSignature: "s" } },
      { type: "contentBlockStop", index: 0 },
      { type: "contentBlockDelta", index: 1, delta: { redactedReasoning: bytes } },
      { type: "contentBlockStop", index: 1 },
      { type: "messageStop", stopReason: "end_turn", additionalFields: { delta: { stop_sequence: null } } },
      { type: "metadata", usage: { inputTokens: 1, outputTokens: 2, totalTokens: 7, cacheWriteInputTokens: 4 }, serviceTier: "priority" },
    ]);
  });
});
