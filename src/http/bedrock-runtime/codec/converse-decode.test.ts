import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { decodeConverseRequest, decodeConverseStreamRequest } from "./converse-decode.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

describe("Converse decode: what maps to the domain", () => {
  it("a request using every supported member decodes into the command", () => {
    const body = {
      messages: [
        { role: "user", content: [
          { text: "What is in this picture, and the weather in Paris?" },
          { image: { format: "png", source: { bytes: "iVBORw==" } } },
          { guardContent: { text: { text: "guarded", qualifiers: ["guard_content"] } } },
          { cachePoint: { type: "default", ttl: "5m" } },
        ] },
        { role: "assistant", content: [{ toolUse: { toolUseId: "tooluse_1", name: "get_weather", input: { city: "Paris" } } }] },
        { role: "user", content: [{ toolResult: { toolUseId: "tooluse_1", status: "success", content: [
          { json: { tempC: 21 } }, { text: "sunny" }, { image: { format: "jpeg", source: { bytes: "/9j/" } } },
        ] } }] },
      ],
      system: [{ text: "Be brief." }, { guardContent: { text: { text: "No jokes." } } }, { cachePoint: { type: "default" } }],
      inferenceConfig: { maxTokens: 512, temperature: 0, topP: 1, stopSequences: ["END"] },
      toolConfig: {
        tools: [{ toolSpec: { name: "get_weather", description: "Weather by city", strict: false, inputSchema: { json: { type: "object" } } } }, { cachePoint: { type: "default" } }],
        toolChoice: { tool: { name: "get_weather" } },
      },
      guardrailConfig: { guardrailIdentifier: "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123", guardrailVersion: "DRAFT", trace: "enabled" },
      requestMetadata: { team: "search", "cost-center": "42" },
      additionalModelRequestFields: { top_k: 40 },
      performanceConfig: { latency: "standard" },
      serviceTier: { type: "default" },
      outputConfig: {},
      promptVariables: {},
      additionalModelResponseFieldPaths: [],
    };
    const command = decodeConverseRequest(body, MODEL);
    assert.equal(command.modelId, MODEL);
    assert.deepEqual(command.inference, { maxTokens: 512, temperature: 0, topP: 1, topK: 40, serviceTier: "default", latency: "standard" });
    assert.equal(command.responseFieldPaths, undefined);
    assert.deepEqual(command.guardrail, { identifier: "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123", version: "DRAFT", trace: "enabled" });
    assert.deepEqual(command.requestMetadata?.reveal(), { team: "search", "cost-center": "42" });
    assert.deepEqual(command.conversation.reveal(), {
      system: [{ type: "text", text: "Be brief." }, { type: "text", text: "No jokes.", guard: true, cache: {} }],
      messages: [
        { role: "user", content: [
          { type: "text", text: "What is in this picture, and the weather in Paris?" },
          { type: "image", format: "png", bytes: new Uint8Array(Buffer.from("iVBORw==", "base64")) },
          { type: "text", text: "guarded", guard: true, qualifiers: ["guard_content"], cache: { ttl: "5m" } },
        ] },
        { role: "assistant", content: [{ type: "toolUse", toolUseId: "tooluse_1", name: "get_weather", input: { city: "Paris" } }] },
        { role: "user", content: [{ type: "toolResult", toolUseId: "tooluse_1", status: "success", content: [
          { type: "json", json: { tempC: 21 } }, { type: "text", text: "sunny" },
          { type: "image", format: "jpeg", bytes: new Uint8Array(Buffer.from("/9j/", "base64")) },
        ] }] },
      ],
      tools: { tools: [{ name: "get_weather", description: "Weather by city", inputSchema: { type: "object" }, strict: false, cache: {} }], toolChoice: { type: "tool", name: "get_weather" } },
      stopSequences: ["END"],
    });
  });

  it("image bytes become a Uint8Array holding the decoded bytes", () => {
    const c = decodeConverseRequest({ messages: [{ role: "user", content: [{ image: { format: "gif", source: { bytes: "AAEC/w==" } } }] }] }, MODEL);
    const block = c.conversation.reveal().messages[0]?.content[0];
    assert.ok(block?.type === "image");
    assert.ok(block.bytes instanceof Uint8Array);
    assert.deepEqual([...block.bytes], [0, 1, 2, 255]);
  });

  it("null members count as absent, as restJson1 reads them", () => {
    const c = decodeConverseRequest({ messages: [{ role: "user", content: [{ text: "hi" }] }], system: null, inferenceConfig: { maxTokens: null, temperature: 0.5 }, toolConfig: null }, MODEL);
    assert.deepEqual(c.inference, { temperature: 0.5 });
    assert.deepEqual(c.conversation.reveal(), { system: [], messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
  });

  it("range edges are accepted: maxTokens 1, temperature and topP 0 and 1, no stop sequences, toolChoice auto and any", () => {
    for (const inferenceConfig of [{ maxTokens: 1, temperature: 1, topP: 0, stopSequences: [] }, { temperature: 0, topP: 1 }]) {
      decodeConverseRequest({ messages: [{ role: "user", content: [{ text: "hi" }] }], inferenceConfig }, MODEL);
    }
    for (const toolChoice of [{ auto: {} }, { any: {} }]) {
      const c = decodeConverseRequest({ messages: [{ role: "user", content: [{ text: "hi" }] }], toolConfig: { tools: [{ toolSpec: { name: "t", inputSchema: { json: {} } } }], toolChoice } }, MODEL);
      assert.equal(c.conversation.reveal().tools?.toolChoice?.type, Object.keys(toolChoice)[0]);
    }
  });

  it("topK is read from either spelling", () => {
    const c = decodeConverseRequest({ messages: [{ role: "user", content: [{ text: "hi" }] }], additionalModelRequestFields: { topK: 3 } }, MODEL);
    assert.deepEqual(c.inference, { topK: 3 });
  });

  it("ConverseStream passes streamProcessingMode on with the guardrail selection", () => {
    for (const mode of ["sync", "async"] as const) {
      const c = decodeConverseStreamRequest({ messages: [{ role: "user", content: [{ text: "hi" }] }], guardrailConfig: { guardrailIdentifier: "gr1", guardrailVersion: "3", streamProcessingMode: mode } }, MODEL);
      assert.deepEqual(c.guardrail, { identifier: "gr1", version: "3", streamProcessingMode: mode });
    }
    const unset = decodeConverseStreamRequest({ messages: [{ role: "user", content: [{ text: "hi" }] }], guardrailConfig: { guardrailIdentifier: "gr1", guardrailVersion: "3" } }, MODEL);
    assert.deepEqual(unset.guardrail, { identifier: "gr1", version: "3" });
  });

  it("a guardrailConfig naming no guardrail asks only for the enforced guardrails' trace", () => {
    const c = decodeConverseRequest({ messages: [{ role: "user", content: [{ text: "hi" }] }], guardrailConfig: { trace: "enabled" } }, MODEL);
    assert.deepEqual(c.guardrail, { identifier: "", version: "", trace: "enabled" });
  });

  it("an empty body is a request without messages", () => {
    assert.throws(() => decodeConverseRequest(undefined, MODEL), { message: /'messages'.*must not be null/ });
  });

  it("the decoded command prints no content", () => {
    const c = decodeConverseRequest({ messages: [{ role: "user", content: [{ text: "secret-prompt-123" }] }], requestMetadata: { who: "secret-meta-456" } }, MODEL);
    for (const shown of [inspect(c, { depth: 10 }), JSON.stringify(c)]) {
      assert.ok(!shown.includes("secret-prompt-123") && !shown.includes("secret-meta-456"), shown);
    }
  });
});
