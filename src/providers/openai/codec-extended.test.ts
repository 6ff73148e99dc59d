import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault, sensitive } from "../../kernel/index.js";
import type { Conversation, ConverseRequest, DocumentBlock, StreamEvent } from "../../kernel/index.js";
import { textPdf } from "../documents/pdf.fixture.js";
import { fromChatCompletion, toChatRequest, toUsage } from "./codec.js";
import { extractDocuments } from "./codec-documents.js";
import { ChatStreamTranslator } from "./codec-stream.js";

/** Documents as text, reasoning, cached tokens, structured output, strict tools and tiers on Chat Completions. */
const never = new AbortController().signal;
const req = (conversation: Partial<Conversation>, inference: ConverseRequest["inference"] = {}, extra: Partial<ConverseRequest> = {}): ConverseRequest => ({
  model: "m", inference, conversation: sensitive({ system: [], messages: [{ role: "user", content: [{ type: "text", text: "x" }] }], ...conversation }), ...extra,
});
const field = (fn: () => unknown): string => {
  try { fn(); } catch (e) { assert.ok(e instanceof Fault && e.kind === "validation", String(e)); return String(e.detail.field); }
  assert.fail("expected a validation fault");
};

describe("openai codec: documents go as extracted text", () => {
  it("a PDF and a markdown file become framed text parts, in place", async () => {
    const pdf: DocumentBlock = { type: "document", format: "pdf", name: "report", source: { bytes: textPdf(["Revenue rose."]) } };
    const md: DocumentBlock = { type: "document", format: "md", name: "notes", source: { text: "# Notes" }, cache: {} };
    const request = req({ messages: [{ role: "user", content: [pdf, md, { type: "text", text: "Compare." }] }] });
    const body = toChatRequest(request, false, await extractDocuments(request.conversation.reveal(), never));
    assert.deepEqual(body.messages[0], { role: "user", content: [
      { type: "text", text: '<document name="report" format="pdf">\nRevenue rose.\n</document>' },
      { type: "text", text: '<document name="notes" format="md">\n# Notes\n</document>' },
      { type: "text", text: "Compare." },
    ] });
  });
  it("a document in a tool result joins the tool message's text", async () => {
    const request = req({ messages: [
      { role: "assistant", content: [{ type: "toolUse", toolUseId: "c1", name: "fetch", input: {} }] },
      { role: "user", content: [{ type: "toolResult", toolUseId: "c1", content: [{ type: "text", text: "got:" }, { type: "document", format: "txt", name: "page", source: { text: "body" } }] }] },
    ] });
    const body = toChatRequest(request, false, await extractDocuments(request.conversation.reveal(), never));
    assert.deepEqual(body.messages[1], { role: "tool", tool_call_id: "c1", content: 'got:\n<document name="page" format="txt">\nbody\n</document>' });
  });
  it("Word files are refused by name before any call; citations are refused", async () => {
    const docx = req({ messages: [{ role: "user", content: [{ type: "text", text: "x" }, { type: "document", format: "docx", name: "m", source: { bytes: new Uint8Array([80, 75]) } }] }] });
    await assert.rejects(extractDocuments(docx.conversation.reveal(), never), (e: unknown) => e instanceof Fault && e.detail.field === "messages.0.content.1.document.format");
    const cited = req({ messages: [{ role: "user", content: [{ type: "document", format: "txt", name: "m", source: { text: "t" }, citations: true }] }] });
    assert.equal(field(() => toChatRequest(cited, false, new Map([[(cited.conversation.reveal().messages[0]!.content[0] as DocumentBlock), "t"]]))), "messages.0.content.0.document.citations");
  });
});

describe("openai codec: reasoning, structured output, tiers", () => {
  it("an effort becomes reasoning_effort; a bare budget is refused", () => {
    assert.equal(toChatRequest(req({}, { reasoning: { effort: "high" } }), false).reasoning_effort, "high");
    assert.equal(field(() => toChatRequest(req({}, { reasoning: { budgetTokens: 2048 } }), false)), "additionalModelRequestFields.thinking");
  });
  it("reasoning in earlier assistant turns is not sent back; a turn of only reasoning keeps empty content", () => {
    const body = toChatRequest(req({ messages: [
      { role: "user", content: [{ type: "text", text: "q" }] },
      { role: "assistant", content: [{ type: "reasoning", text: "hmm", signature: "s" }, { type: "text", text: "a" }] },
      { role: "assistant", content: [{ type: "redactedReasoning", data: new Uint8Array([1]) }] },
    ] }), false);
    assert.deepEqual(body.messages.slice(1), [{ role: "assistant", content: "a" }, { role: "assistant", content: "" }]);
  });
  it("outputFormat becomes a strict json_schema response_format; strict tools carry strict", () => {
    const schema = { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false };
    const body = toChatRequest(req({ outputFormat: { type: "json_schema", schema, description: "d" }, tools: { tools: [{ name: "t", inputSchema: schema, strict: true }] } }), false);
    assert.deepEqual(body.response_format, { type: "json_schema", json_schema: { name: "response", description: "d", schema, strict: true } });
    assert.equal(body.tools![0]!.function.strict, true);
  });
  it("tiers map one to one; reserved, optimized latency and Anthropic options are refused by name", () => {
    assert.equal(toChatRequest(req({}, { serviceTier: "flex" }), false).service_tier, "flex");
    assert.equal(field(() => toChatRequest(req({}, { serviceTier: "reserved" }), false)), "serviceTier.type");
    assert.equal(field(() => toChatRequest(req({}, { latency: "optimized" }), false)), "performanceConfig.latency");
    assert.equal(field(() => toChatRequest(req({}, {}, { anthropic: { betas: ["b"] } }), false)), "anthropic_beta");
    assert.equal(field(() => toChatRequest(req({}, {}, { responseFieldPaths: ["x"] }), false)), "additionalModelResponseFieldPaths.0");
  });
});

describe("openai codec: answers", () => {
  it("reasoning_content or reasoning comes first as a reasoning block; tier echoed; fields picked", () => {
    for (const key of ["reasoning_content", "reasoning"]) {
      const body = { choices: [{ index: 0, message: { role: "assistant", content: "42", [key]: "think" }, finish_reason: "stop" }], usage: { prompt_tokens: 10, completion_tokens: 2 }, service_tier: "flex", system_fingerprint: "fp" };
      const result = fromChatCompletion(body, ["/system_fingerprint", "/choices/0/finish_reason"]);
      assert.deepEqual(result.message.reveal().content, [{ type: "reasoning", text: "think" }, { type: "text", text: "42" }]);
      assert.equal(result.serviceTier, "flex");
      assert.deepEqual(result.additionalFields?.reveal(), { system_fingerprint: "fp", choices: [{ finish_reason: "stop" }] });
    }
  });
  it("cached prompt tokens are read from the cache and not counted again as input", () => {
    assert.deepEqual(toUsage({ prompt_tokens: 100, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 64 } }), { inputTokens: 36, outputTokens: 5, totalTokens: 105, cacheReadInputTokens: 64 });
    assert.deepEqual(toUsage({ prompt_tokens: 10, completion_tokens: 5 }), { inputTokens: 10, outputTokens: 5, totalTokens: 15 });
  });
  it("streamed reasoning is its own block before the text; messageStop waits for usage and carries the fields", () => {
    const t = new ChatStreamTranslator(["/choices/0/finish_reason", "/usage/prompt_tokens"]);
    const chunk = (delta: object, finish: string | null = null) => JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }], service_tier: "default" });
    const events = [
      chunk({ role: "assistant", reasoning_content: "Let me" }), chunk({ reasoning_content: " see." }), chunk({ content: "Yes." }), chunk({}, "stop"),
      JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 0 } } }), "[DONE]",
    ].flatMap((d) => t.push(d)).concat(t.end()).map((e) => (e.type === "contentBlockDelta" ? { ...e, delta: e.delta.reveal() } : e.type === "messageStop" ? { ...e, additionalFields: e.additionalFields?.reveal() } : e));
    assert.deepEqual(events, [
      { type: "messageStart", role: "assistant" },
      { type: "contentBlockDelta", index: 0, delta: { reasoningText: "Let me" } },
      { type: "contentBlockDelta", index: 0, delta: { reasoningText: " see." } },
      { type: "contentBlockStop", index: 0 },
      { type: "contentBlockDelta", index: 1, delta: { text: "Yes." } },
      { type: "contentBlockStop", index: 1 },
      { type: "messageStop", stopReason: "end_turn", additionalFields: { choices: [{ finish_reason: "stop" }], usage: { prompt_tokens: 9 } } },
      { type: "metadata", usage: { inputTokens: 9, outputTokens: 3, totalTokens: 12, cacheReadInputTokens: 0 }, serviceTier: "default" },
    ] as unknown as StreamEvent[]);
  });
});
