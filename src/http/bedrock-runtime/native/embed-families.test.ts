import { test } from "node:test";
import assert from "node:assert/strict";
import { isFault, sensitive } from "../../../kernel/index.js";
import { cohereEmbed } from "./cohere-embed.js";
import { titanEmbed } from "./titan-embed.js";
import type { NativeFamily } from "./types.js";

const TITAN_V2 = "amazon.titan-embed-text-v2:0";
const TITAN_V1 = "amazon.titan-embed-text-v1";
const COHERE = "cohere.embed-english-v3";

const decodeCases: { name: string; family: NativeFamily; model: string; body: unknown; command: Record<string, unknown>; texts: string[]; options?: unknown }[] = [
  {
    name: "Titan V2 with dimensions and normalize",
    family: titanEmbed,
    model: TITAN_V2,
    body: { inputText: "What are the different services that you offer?", dimensions: 512, normalize: true },
    command: { modelId: TITAN_V2, dimensions: 512, normalize: true },
    texts: ["What are the different services that you offer?"],
  },
  {
    name: "Titan V2 defaults normalize to true (its documented default), leaves dimensions to the model",
    family: titanEmbed,
    model: TITAN_V2,
    body: { inputText: "hello", embeddingTypes: ["float"] },
    command: { modelId: TITAN_V2, normalize: true },
    texts: ["hello"],
  },
  {
    name: "Titan G1 takes inputText only",
    family: titanEmbed,
    model: TITAN_V1,
    body: { inputText: "hello" },
    command: { modelId: TITAN_V1 },
    texts: ["hello"],
  },
  {
    name: "Cohere v3 from the Bedrock docs",
    family: cohereEmbed,
    model: COHERE,
    body: { texts: ["Hello world", "This is a test"], input_type: "search_document", truncate: "NONE" },
    command: { modelId: COHERE, purpose: "search_document" },
    texts: ["Hello world", "This is a test"],
  },
  {
    name: "Cohere v3 with embedding_types",
    family: cohereEmbed,
    model: COHERE,
    body: { texts: ["q"], input_type: "search_query", embedding_types: ["float"] },
    command: { modelId: COHERE, purpose: "search_query" },
    texts: ["q"],
    options: { embeddingTypes: ["float"] },
  },
];

for (const c of decodeCases) {
  test(`${c.family.name} decode: ${c.name}`, () => {
    const decoded = c.family.decode(c.body, c.model);
    assert.equal(decoded.kind, "embed");
    if (decoded.kind !== "embed") return;
    const { texts, ...rest } = decoded.command;
    assert.deepEqual(rest, c.command);
    assert.deepEqual(texts.reveal(), c.texts);
    assert.deepEqual(decoded.options, c.options);
  });
}

const invalidCases: { family: NativeFamily; model: string; body: unknown; field: string }[] = [
  { family: titanEmbed, model: TITAN_V2, body: { inputText: "x", dimensions: 768 }, field: "dimensions" },
  { family: titanEmbed, model: TITAN_V2, body: { inputText: "x", normalize: "yes" }, field: "normalize" },
  { family: titanEmbed, model: TITAN_V2, body: { inputText: "x", embeddingTypes: ["binary"] }, field: "embeddingTypes.0" },
  { family: titanEmbed, model: TITAN_V2, body: { inputText: "" }, field: "inputText" },
  { family: titanEmbed, model: TITAN_V2, body: { inputText: "x".repeat(50_001) }, field: "inputText" },
  { family: titanEmbed, model: TITAN_V1, body: { inputText: "x", dimensions: 256 }, field: "dimensions" },
  { family: cohereEmbed, model: COHERE, body: { texts: ["x"] }, field: "input_type" },
  { family: cohereEmbed, model: COHERE, body: { texts: ["x"], input_type: "image" }, field: "input_type" },
  { family: cohereEmbed, model: COHERE, body: { texts: [], input_type: "clustering" }, field: "texts" },
  { family: cohereEmbed, model: COHERE, body: { texts: Array(97).fill("x"), input_type: "clustering" }, field: "texts" },
  { family: cohereEmbed, model: COHERE, body: { texts: ["ok", "x".repeat(2049)], input_type: "clustering" }, field: "texts.1" },
  { family: cohereEmbed, model: COHERE, body: { texts: ["x"], input_type: "clustering", truncate: "MIDDLE" }, field: "truncate" },
  { family: cohereEmbed, model: COHERE, body: { texts: ["x"], input_type: "clustering", embedding_types: ["int8"] }, field: "embedding_types.0" },
  { family: cohereEmbed, model: COHERE, body: { images: ["data:image/png;base64,AAAA"], input_type: "image" }, field: "images" },
];
for (const c of invalidCases) {
  test(`${c.family.name} rejects ${c.field}`, () => {
    assert.throws(() => c.family.decode(c.body, c.model), (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === c.field);
  });
}

const vector = [0.12, -0.5, 0.33];

test("titan-embed encodes V2 with embeddingsByType, G1 without", () => {
  const result = { vectors: sensitive([vector]), inputTokens: 7 };
  assert.deepEqual(titanEmbed.encodeEmbed?.(result, { modelId: TITAN_V2, texts: sensitive(["a"]) }), {
    embedding: vector,
    inputTextTokenCount: 7,
    embeddingsByType: { float: vector },
  });
  assert.deepEqual(titanEmbed.encodeEmbed?.(result, { modelId: TITAN_V1, texts: sensitive(["a"]) }), { embedding: vector, inputTextTokenCount: 7 });
});

test("cohere-embed encodes embeddings_floats, echoing texts, or embeddings_by_type when asked", () => {
  const command = { modelId: COHERE, texts: sensitive(["Hello world", "This is a test"]), purpose: "search_document" as const };
  const result = { vectors: sensitive([vector, vector]), inputTokens: 6 };
  const floats = cohereEmbed.encodeEmbed?.(result, command) as Record<string, unknown>;
  assert.match(String(floats.id), /^[0-9a-f-]{36}$/);
  assert.deepEqual({ ...floats, id: "x" }, { id: "x", response_type: "embeddings_floats", embeddings: [vector, vector], texts: ["Hello world", "This is a test"] });
  const byType = cohereEmbed.encodeEmbed?.(result, command, { embeddingTypes: ["float"] }) as Record<string, unknown>;
  assert.equal(byType.response_type, "embeddings_by_type");
  assert.deepEqual(byType.embeddings, { float: [vector, vector] });
});
