import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault, sensitive } from "../../kernel/index.js";
import type { Conversation, ConverseRequest, DocumentFormat } from "../../kernel/index.js";
import { betaHeader, toMessagesRequest } from "./codec.js";

/** Documents, reasoning, cache marks, structured output and service options on the Messages wire. */
const req = (conversation: Partial<Conversation>, inference: ConverseRequest["inference"] = {}, extra: Partial<ConverseRequest> = {}): ConverseRequest => ({
  model: "m", inference, conversation: sensitive({ system: [], messages: [{ role: "user", content: [{ type: "text", text: "x" }] }], ...conversation }), ...extra,
});
const field = (fn: () => unknown): string => {
  try { fn(); } catch (e) { assert.ok(e instanceof Fault && e.kind === "validation", String(e)); return String(e.detail.field); }
  assert.fail("expected a validation fault");
};
const pdf = new Uint8Array(Buffer.from("%PDF-1.4 tiny"));

describe("anthropic codec: documents", () => {
  it("a PDF goes natively as base64 with its name as title, context and citations", () => {
    const body = toMessagesRequest(req({ messages: [{ role: "user", content: [
      { type: "document", format: "pdf", name: "report", source: { bytes: pdf }, context: "Q3", citations: true },
      { type: "text", text: "Summarise." },
    ] }] }), false);
    assert.deepEqual(body.messages[0]!.content[0], {
      type: "document", source: { type: "base64", media_type: "application/pdf", data: Buffer.from(pdf).toString("base64") },
      title: "report", context: "Q3", citations: { enabled: true },
    });
  });
  const texts: [DocumentFormat, { bytes: Uint8Array } | { text: string }][] = [["txt", { text: "plain" }], ["md", { bytes: new TextEncoder().encode("plain") }], ["csv", { text: "plain" }], ["html", { text: "plain" }]];
  for (const [format, source] of texts) {
    it(`${format} goes as a plain-text source`, () => {
      const body = toMessagesRequest(req({ messages: [{ role: "user", content: [{ type: "document", format, name: "n", source }] }] }), false);
      assert.deepEqual(body.messages[0]!.content[0], { type: "document", source: { type: "text", media_type: "text/plain", data: "plain" }, title: "n" });
    });
  }
  for (const format of ["doc", "docx", "xls", "xlsx"] as const) {
    it(`${format} is refused naming the block's format`, () => {
      assert.equal(field(() => toMessagesRequest(req({ messages: [{ role: "user", content: [{ type: "text", text: "x" }, { type: "document", format, name: "n", source: { bytes: pdf } }] }] }), false)), "messages.0.content.1.document.format");
    });
  }
  it("a document inside a tool result is native too", () => {
    const body = toMessagesRequest(req({ messages: [
      { role: "assistant", content: [{ type: "toolUse", toolUseId: "t1", name: "fetch", input: {} }] },
      { role: "user", content: [{ type: "toolResult", toolUseId: "t1", content: [{ type: "document", format: "txt", name: "page", source: { text: "body" } }] }] },
    ] }), false);
    assert.deepEqual((body.messages[1]!.content[0] as { content: unknown[] }).content[0], { type: "document", source: { type: "text", media_type: "text/plain", data: "body" }, title: "page" });
  });
});

describe("anthropic codec: cache marks become cache_control on the marked block", () => {
  it("system text, message blocks and tools", () => {
    const body = toMessagesRequest(req({
      system: [{ type: "text", text: "long instructions", cache: {} }, { type: "text", text: "today" }],
      tools: { tools: [{ name: "a", inputSchema: { type: "object" } }, { name: "b", inputSchema: { type: "object" }, cache: { ttl: "1h" } }] },
      messages: [{ role: "user", content: [{ type: "text", text: "big", cache: { ttl: "5m" } }, { type: "text", text: "q" }] }],
    }), false);
    assert.deepEqual(body.system, [{ type: "text", text: "long instructions", cache_control: { type: "ephemeral" } }, { type: "text", text: "today" }]);
    assert.deepEqual(body.tools!.map((t) => t.cache_control), [undefined, { type: "ephemeral", ttl: "1h" }]);
    assert.deepEqual(body.messages[0]!.content, [{ type: "text", text: "big", cache_control: { type: "ephemeral", ttl: "5m" } }, { type: "text", text: "q" }]);
  });
});

describe("anthropic codec: reasoning", () => {
  it("a budget becomes thinking, and max_tokens defaults above it", () => {
    const body = toMessagesRequest(req({}, { reasoning: { budgetTokens: 2048 } }), false);
    assert.deepEqual(body.thinking, { type: "enabled", budget_tokens: 2048 });
    assert.equal(body.max_tokens, 4096 + 2048);
    assert.equal(toMessagesRequest(req({}, { reasoning: { budgetTokens: 2048 }, maxTokens: 3000 }), false).max_tokens, 3000);
  });
  it("an effort level becomes Anthropic's own effort setting, not a guessed budget; minimal, which it lacks, is refused", () => {
    const body = toMessagesRequest(req({}, { reasoning: { effort: "high" } }), false);
    assert.deepEqual(body.output_config, { effort: "high" });
    assert.equal(body.thinking, undefined);
    assert.equal(field(() => toMessagesRequest(req({}, { reasoning: { effort: "minimal" } }), false)), "additionalModelRequestFields.reasoning_effort");
  });
  it("Anthropic-only options a native body carried reach the wire where the API takes them", () => {
    const body = toMessagesRequest({
      ...req({ tools: { tools: [{ name: "a", inputSchema: { type: "object" } }, { name: "b", inputSchema: { type: "object" } }] } }),
      anthropic: {
        deferredTools: sensitive(["b"]), eagerInputStreamingTools: sensitive(["a"]), disableParallelToolUse: true,
        adaptiveThinking: true, thinkingDisplay: "omitted", effort: "max", contextManagement: sensitive({ edits: [{ type: "clear_thinking_20251015" }] }),
      },
    }, false);
    assert.deepEqual(body.tools?.map((t) => [t.name, t.defer_loading, t.eager_input_streaming]), [["a", undefined, true], ["b", true, undefined]]);
    assert.deepEqual(body.tool_choice, { type: "auto", disable_parallel_tool_use: true });
    assert.deepEqual(body.thinking, { type: "adaptive", display: "omitted" });
    assert.deepEqual(body.output_config, { effort: "max" });
    assert.deepEqual(body.context_management, { edits: [{ type: "clear_thinking_20251015" }] });
  });
  it("reasoning in an assistant turn goes back as thinking and redacted_thinking", () => {
    const body = toMessagesRequest(req({ messages: [
      { role: "user", content: [{ type: "text", text: "q" }] },
      { role: "assistant", content: [{ type: "reasoning", text: "hmm", signature: "sig" }, { type: "redactedReasoning", data: new TextEncoder().encode("EmwK") }, { type: "text", text: "a" }] },
      { role: "user", content: [{ type: "text", text: "q2" }] },
    ] }), false);
    assert.deepEqual(body.messages[1]!.content, [{ type: "thinking", thinking: "hmm", signature: "sig" }, { type: "redacted_thinking", data: "EmwK" }, { type: "text", text: "a" }]);
  });
  it("reasoning without a signature is refused naming it", () => {
    assert.equal(field(() => toMessagesRequest(req({ messages: [{ role: "assistant", content: [{ type: "reasoning", text: "hmm" }] }] }), false)), "messages.0.content.0.reasoningContent.reasoningText.signature");
  });
});

describe("anthropic codec: structured output, strict tools, betas, metadata, tiers", () => {
  const schema = { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false };
  it("outputFormat becomes output_format and turns on the structured-outputs beta", () => {
    const request = req({ outputFormat: { type: "json_schema", schema, name: "answer", description: "The answer." } });
    assert.deepEqual(toMessagesRequest(request, false).output_format, { type: "json_schema", schema: { ...schema, description: "The answer." } });
    assert.equal(betaHeader(request), "structured-outputs-2025-11-13");
  });
  it("a strict tool carries strict and the beta", () => {
    const request = req({ tools: { tools: [{ name: "t", inputSchema: schema, strict: true }] } });
    assert.equal(toMessagesRequest(request, false).tools![0]!.strict, true);
    assert.equal(betaHeader(request), "structured-outputs-2025-11-13");
  });
  it("the caller's betas are joined, deduplicated, with the structured-outputs one", () => {
    const request = req({ outputFormat: { type: "json_schema", schema } }, {}, { anthropic: { betas: ["claude-code-20250219", "interleaved-thinking-2025-05-14", "claude-code-20250219"] } });
    assert.equal(betaHeader(request), "claude-code-20250219,interleaved-thinking-2025-05-14,structured-outputs-2025-11-13");
    assert.equal(betaHeader(req({})), undefined);
  });
  for (const bad of ["a,b", "x\r\nInjected: 1", "", "a b", "é"]) {
    it(`a beta flag ${JSON.stringify(bad)} is refused naming its position`, () => {
      assert.equal(field(() => betaHeader(req({}, {}, { anthropic: { betas: ["ok-1", bad] } }))), "anthropic_beta.1");
    });
  }
  it("userId becomes metadata.user_id", () => {
    assert.deepEqual(toMessagesRequest(req({}, {}, { anthropic: { userId: sensitive('{"device_id":"d"}') } }), false).metadata, { user_id: '{"device_id":"d"}' });
  });
  const tiers: [NonNullable<ConverseRequest["inference"]["serviceTier"]>, string][] = [["default", "standard_only"], ["priority", "auto"], ["reserved", "auto"]];
  for (const [tier, wire] of tiers) {
    it(`service tier ${tier} -> ${wire}`, () => assert.equal(toMessagesRequest(req({}, { serviceTier: tier }), false).service_tier, wire));
  }
  it("the flex tier and optimized latency are refused by name; standard latency is the default", () => {
    assert.equal(field(() => toMessagesRequest(req({}, { serviceTier: "flex" }), false)), "serviceTier.type");
    assert.equal(field(() => toMessagesRequest(req({}, { latency: "optimized" }), false)), "performanceConfig.latency");
    assert.equal("service_tier" in toMessagesRequest(req({}, { latency: "standard" }), false), false);
  });
});
