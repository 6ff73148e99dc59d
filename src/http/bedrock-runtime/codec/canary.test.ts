import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { isFault } from "../../../kernel/index.js";
import { decodeConverseRequest } from "./converse-decode.js";
import { decodeCountTokensRequest } from "./count-tokens.js";

/**
 * A ValidationException goes back to the caller and may be logged on the way: it must never
 * carry the customer's content, wherever in the request that content sits and whichever value
 * is the invalid one. The canary is shaped like content (spaces, punctuation), so it matches
 * no pattern and is never mistaken for a member name.
 */
const CANARY = "CANARY 7f3a9 do-not-leak!";
const MODEL = "amazon.nova-lite-v1:0";
const TOOLS = { tools: [{ toolSpec: { name: "t", description: CANARY, inputSchema: { json: { description: CANARY } } } }] };
const say = (text: string) => ({ role: "user", content: [{ text }] });

const cases: readonly (readonly [string, unknown])[] = [
  ["text beside a bad maxTokens", { messages: [say(CANARY)], inferenceConfig: { maxTokens: -1 } }],
  ["text beside an unknown member", { messages: [say(CANARY)], inferenceConfig: { max_tokens: 5 } }],
  ["tool input beside a bad toolUseId", { messages: [say("q"), { role: "assistant", content: [{ toolUse: { toolUseId: "a b", name: "t", input: { q: CANARY } } }] }], toolConfig: TOOLS }],
  ["the toolUseId itself", { messages: [say("q"), { role: "assistant", content: [{ toolUse: { toolUseId: CANARY, name: "t", input: {} } }] }], toolConfig: TOOLS }],
  ["the tool name itself", { messages: [say("q")], toolConfig: { tools: [{ toolSpec: { name: CANARY, inputSchema: { json: {} } } }] } }],
  ["a toolChoice naming no tool", { messages: [say("q")], toolConfig: { ...TOOLS, toolChoice: { tool: { name: "CANARY_7f3a9" } } } }],
  ["tool result content beside a bad status", { messages: [{ role: "user", content: [{ toolResult: { toolUseId: "x", status: CANARY, content: [{ text: CANARY }, { json: CANARY }] } }] }], toolConfig: TOOLS }],
  ["system text beside a bad block", { messages: [say("q")], system: [{ text: CANARY }, { text: "" }] }],
  ["stop sequences beside a bad temperature", { messages: [say("q")], inferenceConfig: { stopSequences: [CANARY], temperature: 2 } }],
  ["a stop sequence of the wrong type", { messages: [say("q")], inferenceConfig: { stopSequences: [CANARY, 5] } }],
  ["the image format", { messages: [{ role: "user", content: [{ image: { format: CANARY, source: { bytes: "AAAA" } } }] }] }],
  ["the image bytes", { messages: [{ role: "user", content: [{ image: { format: "png", source: { bytes: CANARY } } }] }] }],
  ["the role", { messages: [{ role: CANARY, content: [{ text: "q" }] }] }],
  ["a guardContent qualifier", { messages: [{ role: "user", content: [{ guardContent: { text: { text: CANARY, qualifiers: [CANARY] } } }] }] }],
  ["an unknown top-level member", { messages: [say("q")], [CANARY]: CANARY }],
  ["an unknown content block member", { messages: [{ role: "user", content: [{ [CANARY]: {} }] }] }],
  ["an additionalModelRequestFields key", { messages: [say("q")], additionalModelRequestFields: { [CANARY]: 1 } }],
  ["a top_k value", { messages: [say("q")], additionalModelRequestFields: { top_k: CANARY } }],
  ["a requestMetadata key", { messages: [say("q")], requestMetadata: { [CANARY]: "v" } }],
  ["a requestMetadata value", { messages: [say("q")], requestMetadata: { k: CANARY } }],
  ["the guardrail identifier", { messages: [say("q")], guardrailConfig: { guardrailIdentifier: CANARY, guardrailVersion: "1" } }],
  ["the guardrail trace", { messages: [say("q")], guardrailConfig: { guardrailIdentifier: "g", guardrailVersion: "1", trace: CANARY } }],
  ["the service tier", { messages: [say("q")], serviceTier: { type: CANARY } }],
  ["a response field path", { messages: [say("q")], additionalModelResponseFieldPaths: [CANARY] }],
  ["a prompt variable", { messages: [say("q")], promptVariables: { v: { text: CANARY } } }],
  ["the document name itself", { messages: [{ role: "user", content: [{ document: { format: "pdf", name: CANARY, source: { bytes: "AAAA" } } }] }] }],
  ["document text beside a bad format", { messages: [{ role: "user", content: [{ document: { format: CANARY, name: "n", source: { text: CANARY }, context: CANARY } }] }] }],
  ["document bytes that are not base64", { messages: [{ role: "user", content: [{ document: { format: "pdf", name: "n", source: { bytes: CANARY } } }] }] }],
  ["a document in a tool result beside a bad name", { messages: [{ role: "user", content: [{ toolResult: { toolUseId: "x", content: [{ document: { format: "txt", name: "n", source: { text: CANARY } } }, { document: { name: CANARY, source: { text: CANARY } } }] } }] }], toolConfig: TOOLS }],
  ["reasoning text beside a bad signature", { messages: [say("q"), { role: "assistant", content: [{ reasoningContent: { reasoningText: { text: CANARY, signature: 5 } } }] }] }],
  ["redacted reasoning that is not base64", { messages: [say("q"), { role: "assistant", content: [{ reasoningContent: { redactedContent: CANARY } }] }] }],
  ["a cache point ttl", { messages: [{ role: "user", content: [{ text: CANARY }, { cachePoint: { type: "default", ttl: CANARY } }] }] }],
  ["a json schema that is not JSON", { messages: [say("q")], outputConfig: { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: `{"description": "${CANARY}"` } } } } }],
  ["a json schema that is not an object", { messages: [say("q")], outputConfig: { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: JSON.stringify(CANARY), name: CANARY } } } } }],
  ["a schema name beside a bad type", { messages: [say("q")], outputConfig: { textFormat: { type: CANARY, structure: { jsonSchema: { schema: "{}", name: CANARY, description: CANARY } } } } }],
  ["the effort", { messages: [say("q")], outputConfig: { effort: CANARY } }],
  ["a malformed response field path", { messages: [say("q")], additionalModelResponseFieldPaths: ["/ok", `${CANARY}~`] }],
  ["a beta flag", { messages: [say("q")], additionalModelRequestFields: { anthropic_beta: [CANARY] } }],
  ["an output_config schema beside a bad type", { messages: [say("q")], additionalModelRequestFields: { output_config: { format: { type: CANARY, schema: { description: CANARY } } } } }],
  ["a thinking type", { messages: [say("q")], additionalModelRequestFields: { thinking: { type: CANARY } } }],
  ["the latency", { messages: [say("q")], performanceConfig: { latency: CANARY } }],
];

function assertNoCanary(decode: () => unknown): void {
  assert.throws(decode, (e: unknown) => {
    assert.ok(isFault(e) && e.kind === "validation", "a validation Fault is thrown");
    for (const shown of [e.message, String(e), inspect(e), JSON.stringify(e.detail), e.detail.field ?? ""]) {
      assert.ok(!shown.includes(CANARY) && !shown.includes("7f3a9"), `leaked: ${shown}`);
    }
    return true;
  });
}

describe("validation Faults never quote customer content", () => {
  for (const [name, body] of cases) it(`Converse: ${name}`, () => assertNoCanary(() => decodeConverseRequest(body, MODEL)));
  it("CountTokens: conversation content beside a bad block", () => assertNoCanary(() =>
    decodeCountTokensRequest({ input: { converse: { messages: [say(CANARY), { role: "user", content: [] }] } } }, MODEL)));
  it("CountTokens: a native body that is not base64", () => assertNoCanary(() =>
    decodeCountTokensRequest({ input: { invokeModel: { body: CANARY } } }, MODEL)));
});
