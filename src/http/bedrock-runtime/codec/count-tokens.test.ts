import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../../kernel/index.js";
import { decodeCountTokensRequest, encodeCountTokensOutput } from "./count-tokens.js";

const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";

describe("CountTokens decode", () => {
  it("input.converse decodes into a CountTokensCommand by the Converse rules", () => {
    const decoded = decodeCountTokensRequest({ input: { converse: {
      messages: [{ role: "user", content: [{ text: "How many tokens?" }] }],
      system: [{ text: "Count." }],
      toolConfig: { tools: [{ toolSpec: { name: "calc", inputSchema: { json: { type: "object" } } } }] },
      additionalModelRequestFields: { top_k: 5 },
    } } }, MODEL);
    assert.equal(decoded.kind, "converse");
    assert.ok(decoded.kind === "converse");
    assert.equal(decoded.command.modelId, MODEL);
    assert.deepEqual(decoded.command.conversation.reveal(), {
      system: [{ type: "text", text: "Count." }],
      messages: [{ role: "user", content: [{ type: "text", text: "How many tokens?" }] }],
      tools: { tools: [{ name: "calc", inputSchema: { type: "object" } }] },
    });
  });

  it("input.invokeModel hands the native body back, decoded from base64 and Sensitive", () => {
    const native = '{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[]}';
    const decoded = decodeCountTokensRequest({ input: { invokeModel: { body: Buffer.from(native).toString("base64") } } }, MODEL);
    assert.ok(decoded.kind === "invokeModel");
    assert.equal(decoded.modelId, MODEL);
    assert.equal(Buffer.from(decoded.body.reveal()).toString(), native);
    assert.equal(String(decoded.body), "[redacted]");
  });

  const rows: readonly (readonly [string, unknown, string, string])[] = [
    ["input missing", {}, "input", "must not be null"],
    ["unknown top-level member", { input: { converse: { messages: [] } }, messages: [] }, "messages", "not a recognized member of CountTokensRequest"],
    ["input with both members", { input: { converse: {}, invokeModel: { body: "" } } }, "input", "exactly one of [converse, invokeModel]"],
    ["input empty", { input: {} }, "input", "exactly one of"],
    ["unknown input member", { input: { embed: {} } }, "input.embed", "not a recognized member of CountTokensInput"],
    ["converse without messages", { input: { converse: {} } }, "input.converse.messages", "must not be null"],
    ["converse with inferenceConfig", { input: { converse: { messages: [{ role: "user", content: [{ text: "a" }] }], inferenceConfig: {} } } }, "input.converse.inferenceConfig", "not a recognized member of ConverseTokensRequest"],
    ["converse bad block", { input: { converse: { messages: [{ role: "user", content: [{ text: "a" }, { video: {} }] }] } } }, "input.converse.messages.0.content.1.video", "not supported"],
    ["converse bad tool name", { input: { converse: { messages: [{ role: "user", content: [{ text: "a" }] }], toolConfig: { tools: [{ toolSpec: { name: "a b", inputSchema: { json: {} } } }] } } } }, "input.converse.toolConfig.tools.0.toolSpec.name", "regular expression"],
    ["converse unsupported model field", { input: { converse: { messages: [{ role: "user", content: [{ text: "a" }] }], additionalModelRequestFields: { seed: 1 } } } }, "input.converse.additionalModelRequestFields.seed", "may set only top_k"],
    ["invokeModel without body", { input: { invokeModel: {} } }, "input.invokeModel.body", "must not be null"],
    ["invokeModel body not base64", { input: { invokeModel: { body: "{}" } } }, "input.invokeModel.body", "base64"],
  ];
  for (const [name, body, field, problem] of rows) {
    it(`refuses: ${name}`, () => assert.throws(() => decodeCountTokensRequest(body, MODEL), (e: unknown) => {
      assert.ok(isFault(e) && e.kind === "validation");
      assert.equal(e.detail.field, field);
      assert.ok(e.message.includes(problem), e.message);
      return true;
    }));
  }

  it("a native body at the 25,000,000-byte limit decodes; one byte more is refused", () => {
    const at = Buffer.alloc(25_000_000, 0x7b);
    const decoded = decodeCountTokensRequest({ input: { invokeModel: { body: at.toString("base64") } } }, MODEL);
    assert.ok(decoded.kind === "invokeModel" && decoded.body.reveal().length === at.length);
    const over = Buffer.alloc(25_000_001, 0x7b).toString("base64");
    assert.throws(() => decodeCountTokensRequest({ input: { invokeModel: { body: over } } }, MODEL), { message: /'input.invokeModel.body'.*less than or equal to 25000000/ });
  });

  it("refuses a model id longer than FoundationModelVersionIdentifier allows (256)", () => {
    assert.throws(() => decodeCountTokensRequest({ input: { converse: { messages: [] } } }, "m".repeat(257)), { message: /'modelId'.*less than or equal to 256/ });
  });
});

describe("CountTokens encode", () => {
  it("answers { inputTokens }", () => assert.deepEqual(encodeCountTokensOutput(17), { inputTokens: 17 }));
});
