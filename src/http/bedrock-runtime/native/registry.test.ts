import { test } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../../kernel/index.js";
import { decodeNativeForCountTokens, nativeFamilyFor } from "./index.js";
import { parseJsonBody as parseNativeBody } from "../json-body.js";

const ROUTES: [string, string | undefined][] = [
  ["anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic"],
  ["us.anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic"],
  ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", "anthropic"],
  ["arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.meta.llama3-2-3b-instruct-v1:0", "meta"],
  ["meta.llama3-8b-instruct-v1:0", "meta"],
  ["meta.llama2-13b-chat-v1", "meta"],
  ["amazon.titan-text-express-v1", "titan-text"],
  ["amazon.titan-text-premier-v1:0", "titan-text"],
  ["amazon.titan-tg1-large", "titan-text"],
  ["amazon.titan-embed-text-v2:0", "titan-embed"],
  ["amazon.titan-embed-text-v1", "titan-embed"],
  ["cohere.embed-english-v3", "cohere-embed"],
  ["cohere.embed-multilingual-v3", "cohere-embed"],
  ["mistral.mistral-7b-instruct-v0:2", "mistral"],
  ["mistral.mixtral-8x7b-instruct-v0:1", "mistral"],
  ["mistral.mistral-large-2402-v1:0", "mistral"],
  // Different bodies, no codec here: the caller answers "not supported".
  ["amazon.nova-pro-v1:0", "nova"],
  ["amazon.nova-canvas-v1:0", undefined],
  ["mistral.mistral-large-2407-v1:0", undefined],
  ["cohere.embed-v4:0", undefined],
  ["amazon.titan-embed-image-v1", undefined],
  ["cohere.command-r-v1:0", undefined],
  ["ai21.jamba-1-5-large-v1:0", undefined],
];
for (const [modelId, family] of ROUTES) {
  test(`${modelId} -> ${family ?? "no native codec"}`, () => assert.equal(nativeFamilyFor(modelId)?.name, family));
}

test("count tokens decodes a native chat body into its conversation", () => {
  const body = { anthropic_version: "bedrock-2023-05-31", max_tokens: 5, system: "s", messages: [{ role: "user", content: "hi" }] };
  const conversation = decodeNativeForCountTokens(body, "anthropic.claude-3-haiku-20240307-v1:0");
  assert.deepEqual(conversation.reveal(), { system: [{ type: "text", text: "s" }], messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
  const fromBytes = decodeNativeForCountTokens(new TextEncoder().encode(JSON.stringify({ prompt: "hi" })), "meta.llama3-8b-instruct-v1:0");
  assert.deepEqual(fromBytes.reveal().messages, [{ role: "user", content: [{ type: "text", text: "hi" }] }]);
});

test("count tokens refuses embedding bodies and models without a native codec", () => {
  const isValidation = (e: unknown) => isFault(e) && e.kind === "validation";
  assert.throws(() => decodeNativeForCountTokens({ inputText: "x" }, "amazon.titan-embed-text-v2:0"), isValidation);
  assert.throws(() => decodeNativeForCountTokens({ prompt: "x" }, "amazon.nova-lite-v1:0"), isValidation);
});

const CANARY = "CANARY-7f3a-do-not-leak";

/** Bodies that fail validation while carrying the canary in every content position. */
const LEAKY: [string, unknown][] = [
  ["anthropic.claude-3-haiku-20240307-v1:0", { anthropic_version: "bedrock-2023-05-31", max_tokens: 5, system: CANARY, messages: [{ role: "user", content: CANARY }], temperature: 9 }],
  ["anthropic.claude-3-haiku-20240307-v1:0", { anthropic_version: "bedrock-2023-05-31", max_tokens: 5, messages: [{ role: "user", content: [{ type: CANARY, text: CANARY }] }] }],
  ["anthropic.claude-3-haiku-20240307-v1:0", { anthropic_version: "bedrock-2023-05-31", max_tokens: 5, messages: [{ role: CANARY, content: CANARY }] }],
  ["anthropic.claude-3-haiku-20240307-v1:0", { anthropic_version: CANARY, max_tokens: 5, messages: [] }],
  ["anthropic.claude-3-haiku-20240307-v1:0", { anthropic_version: "bedrock-2023-05-31", max_tokens: 5, messages: [{ role: "user", content: "x" }], [`${CANARY} secret text`]: 1 }],
  ["meta.llama3-8b-instruct-v1:0", { prompt: CANARY, max_gen_len: 99999 }],
  ["meta.llama3-8b-instruct-v1:0", { prompt: CANARY, images: [CANARY] }],
  ["amazon.titan-text-express-v1", { inputText: CANARY, textGenerationConfig: { stopSequences: [CANARY, 5] } }],
  ["amazon.titan-embed-text-v2:0", { inputText: CANARY, dimensions: 100 }],
  ["cohere.embed-english-v3", { texts: [CANARY], input_type: CANARY }],
  ["mistral.mistral-7b-instruct-v0:2", { prompt: `[INST] ${CANARY} [/INST]`, stop: CANARY }],
  ["amazon.nova-lite-v1:0", { messages: [{ role: "user", content: [{ text: CANARY }] }], inferenceConfig: { stopSequences: [CANARY, 5] } }],
  ["amazon.nova-lite-v1:0", { system: [{ text: CANARY }], messages: [{ role: CANARY, content: [{ text: CANARY }] }] }],
];
for (const [modelId, body] of LEAKY) {
  test(`no Fault message quotes the prompt (${modelId}: ${Object.keys(body as object).join(",").slice(0, 50)})`, () => {
    const family = nativeFamilyFor(modelId);
    assert.ok(family);
    let caught: unknown;
    try {
      family.decode(body, modelId);
    } catch (e) {
      caught = e;
    }
    assert.ok(isFault(caught), "the body must be rejected");
    assert.ok(!caught.message.includes(CANARY), caught.message);
    assert.ok(!JSON.stringify(caught.detail).includes(CANARY));
  });
}

test("decoded commands serialise without their content", () => {
  for (const [modelId, body] of [
    ["meta.llama3-8b-instruct-v1:0", { prompt: CANARY }],
    ["cohere.embed-english-v3", { texts: [CANARY], input_type: "clustering" }],
    ["amazon.nova-lite-v1:0", { system: [{ text: CANARY }], messages: [{ role: "user", content: [{ text: CANARY }] }] }],
  ] as const) {
    const decoded = nativeFamilyFor(modelId)?.decode(body, modelId);
    assert.ok(decoded);
    assert.ok(!JSON.stringify(decoded).includes(CANARY));
  }
});

test("malformed JSON is a validation Fault that quotes nothing of the body", () => {
  assert.throws(
    () => parseNativeBody(new TextEncoder().encode(`{"prompt": "${CANARY}" oops`)),
    (e: unknown) => isFault(e) && e.kind === "validation" && !e.message.includes(CANARY) && !e.message.includes("oops"),
  );
});
