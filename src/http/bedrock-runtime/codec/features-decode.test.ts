import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decodeConverseRequest } from "./converse-decode.js";
import { decodeCountTokensRequest } from "./count-tokens.js";

/** The newer Converse members, decoded into the kernel vocabulary (refusals are in decode-rules.test.ts). */
const MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const HI = { role: "user", content: [{ text: "hi" }] };
const PDF = "JVBERi0=";
const decode = (body: object) => decodeConverseRequest({ messages: [HI], ...body }, MODEL);

describe("Converse decode: documents, reasoning, cache points, structured output, service options", () => {
  it("a document (as the AI SDK sends a PDF file part) and a text document in a tool result", () => {
    const c = decodeConverseRequest({
      messages: [
        { role: "user", content: [{ text: "Summarise" }, { document: { format: "pdf", name: "document-1", source: { bytes: PDF }, citations: { enabled: true } } }] },
        { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "read", input: {} } }] },
        { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ document: { name: "Notes (v2) [draft]", source: { text: "hello" }, context: "from the wiki" } }] } }] },
      ],
      toolConfig: { tools: [{ toolSpec: { name: "read", inputSchema: { json: {} } } }] },
    }, MODEL);
    const [first, , third] = c.conversation.reveal().messages;
    assert.deepEqual(first?.content[1], { type: "document", format: "pdf", name: "document-1", source: { bytes: new Uint8Array(Buffer.from(PDF, "base64")) }, citations: true });
    assert.deepEqual(third?.content[0], { type: "toolResult", toolUseId: "t1", content: [{ type: "document", format: "txt", name: "Notes (v2) [draft]", source: { text: "hello" }, context: "from the wiki" }] });
  });

  it("five documents at the size limit are accepted", () => {
    const big = { document: { format: "txt", name: "big", source: { text: "x".repeat(4.5 * 1024 * 1024) } } };
    decodeConverseRequest({ messages: [{ role: "user", content: [big, big, big, big, big] }] }, MODEL);
  });

  it("reasoning sent back: text with signature, and redacted bytes", () => {
    const c = decode({ messages: [HI, { role: "assistant", content: [
      { reasoningContent: { reasoningText: { text: "thinking...", signature: "sig==" } } },
      { reasoningContent: { redactedContent: "AAEC" } },
      { text: "answer" },
    ] }] });
    assert.deepEqual(c.conversation.reveal().messages[1]?.content, [
      { type: "reasoning", text: "thinking...", signature: "sig==" },
      { type: "redactedReasoning", data: new Uint8Array([0, 1, 2]) },
      { type: "text", text: "answer" },
    ]);
  });

  it("cache points mark the block, system text and tool before them, with their ttl", () => {
    const c = decode({
      messages: [{ role: "user", content: [{ text: "a" }, { cachePoint: { type: "default", ttl: "5m" } }, { text: "b" }] }],
      system: [{ text: "s" }, { cachePoint: { type: "default", ttl: "1h" } }],
      toolConfig: { tools: [{ toolSpec: { name: "t", inputSchema: { json: {} } } }, { cachePoint: { type: "default", ttl: "1h" } }] },
    });
    const conv = c.conversation.reveal();
    assert.deepEqual(conv.messages[0]?.content, [{ type: "text", text: "a", cache: { ttl: "5m" } }, { type: "text", text: "b" }]);
    assert.deepEqual(conv.system, [{ type: "text", text: "s", cache: { ttl: "1h" } }]);
    assert.deepEqual(conv.tools?.tools[0]?.cache, { ttl: "1h" });
  });

  it("outputConfig: a JSON schema and an effort; strict tools", () => {
    const c = decode({
      outputConfig: { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: '{"type":"object","properties":{"a":{"type":"string"}}}', name: "answer", description: "The answer" } } }, effort: "medium" },
      toolConfig: { tools: [{ toolSpec: { name: "t", strict: true, inputSchema: { json: { type: "object" } } } }] },
    });
    const conv = c.conversation.reveal();
    assert.deepEqual(conv.outputFormat, { type: "json_schema", schema: { type: "object", properties: { a: { type: "string" } } }, name: "answer", description: "The answer" });
    assert.equal(conv.tools?.tools[0]?.strict, true);
    assert.deepEqual(c.inference, { reasoning: { effort: "medium" } });
  });

  it("every service tier and latency mode is accepted and carried", () => {
    for (const type of ["priority", "default", "flex", "reserved"] as const) {
      for (const latency of ["standard", "optimized"] as const) {
        assert.deepEqual(decode({ serviceTier: { type }, performanceConfig: { latency } }).inference, { serviceTier: type, latency });
      }
    }
  });

  it("additionalModelResponseFieldPaths: the AI SDK's /delta/stop_sequence and escaped pointers", () => {
    assert.deepEqual(decode({ additionalModelResponseFieldPaths: ["/delta/stop_sequence"] }).responseFieldPaths, ["/delta/stop_sequence"]);
    assert.deepEqual(decode({ additionalModelResponseFieldPaths: ["/a~0b/c~1d", "/"] }).responseFieldPaths, ["/a~0b/c~1d", "/"]);
  });

  const fields: readonly (readonly [string, object, object])[] = [
    ["Anthropic thinking", { thinking: { type: "enabled", budget_tokens: 2048 } }, { inference: { reasoning: { budgetTokens: 2048 } } }],
    ["thinking disabled", { thinking: { type: "disabled" } }, { inference: {} }],
    ["OpenAI reasoning_effort", { reasoning_effort: "minimal" }, { inference: { reasoning: { effort: "minimal" } } }],
    ["OpenAI reasoning.effort", { reasoning: { effort: "high" } }, { inference: { reasoning: { effort: "high" } } }],
    ["reasoning_config", { reasoning_config: { type: "enabled", budget_tokens: 500 } }, { inference: { reasoning: { budgetTokens: 500 } } }],
    ["Nova reasoningConfig", { reasoningConfig: { type: "enabled", maxReasoningEffort: "low" } }, { inference: { reasoning: { effort: "low" } } }],
    ["thinking with an Anthropic effort", { thinking: { type: "enabled", budget_tokens: 1024 }, output_config: { effort: "high" } }, { inference: { reasoning: { budgetTokens: 1024, effort: "high" } } }],
    ["anthropic_beta", { anthropic_beta: ["interleaved-thinking-2025-05-14"] }, { inference: {}, anthropic: { betas: ["interleaved-thinking-2025-05-14"] } }],
    ["top_k with a beta", { top_k: 5, anthropic_beta: ["x"] }, { inference: { topK: 5 }, anthropic: { betas: ["x"] } }],
    ["adaptive thinking, Anthropic's own", { thinking: { type: "adaptive" } }, { inference: {}, anthropic: { adaptiveThinking: true } }],
    ["an effort above high, Anthropic's own", { output_config: { effort: "max" } }, { inference: {}, anthropic: { effort: "max" } }],
  ];
  for (const [name, extra, expected] of fields) {
    it(`additionalModelRequestFields: ${name}`, () => {
      const c = decode({ additionalModelRequestFields: extra });
      assert.deepEqual({ inference: c.inference, ...(c.anthropic ? { anthropic: c.anthropic } : {}) }, expected);
    });
  }

  it("the AI SDK's generateObject on newer Claude: output_config.format becomes the output format", () => {
    const schema = { type: "object", properties: { n: { type: "number" } }, required: ["n"], additionalProperties: false };
    const c = decode({ additionalModelRequestFields: { output_config: { format: { type: "json_schema", schema } } } });
    assert.deepEqual(c.conversation.reveal().outputFormat, { type: "json_schema", schema });
  });

  it("CountTokens' converse input takes documents, cache points and output schemas too", () => {
    const decoded = decodeCountTokensRequest({ input: { converse: {
      messages: [{ role: "user", content: [{ document: { format: "md", name: "readme", source: { text: "# hi" } } }, { cachePoint: { type: "default" } }] }],
      additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 1024 }, output_config: { format: { type: "json_schema", schema: { type: "object" } } } },
    } } }, MODEL);
    assert.ok(decoded.kind === "converse");
    const conv = decoded.command.conversation.reveal();
    assert.deepEqual(conv.messages[0]?.content, [{ type: "document", format: "md", name: "readme", source: { text: "# hi" }, cache: {} }]);
    assert.deepEqual(conv.outputFormat, { type: "json_schema", schema: { type: "object" } });
  });
});
