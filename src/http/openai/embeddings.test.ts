import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault, sensitive } from "../../kernel/index.js";
import { decodeEmbeddingsRequest, encodeEmbeddings } from "./embeddings.js";

describe("OpenAI embeddings", () => {
  it("a string or a list of strings; dimensions; float or base64", () => {
    const one = decodeEmbeddingsRequest({ model: "m", input: "a" });
    assert.deepEqual([one.texts.reveal(), one.base64, one.dimensions], [["a"], false, undefined]);
    const many = decodeEmbeddingsRequest({ model: "m", input: ["a", "b"], encoding_format: "base64", dimensions: 256, user: "u" });
    assert.deepEqual([many.texts.reveal(), many.base64, many.dimensions], [["a", "b"], true, 256]);
  });

  for (const [title, body, param] of [
    ["token arrays", { model: "m", input: [[1, 2, 3]] }, "input.0"],
    ["an empty input", { model: "m", input: "" }, "input"],
    ["no inputs", { model: "m", input: [] }, "input"],
    ["an unknown encoding", { model: "m", input: "a", encoding_format: "int8" }, "encoding_format"],
    ["an unknown member", { model: "m", input: "a", truncate: "END" }, "truncate"],
  ] as const) {
    it(`refuses ${title}, naming ${param}`, () => assert.throws(() => decodeEmbeddingsRequest(body), (e: unknown) => isFault(e) && e.detail.field === param));
  }

  it("base64 is the vector's little-endian float32 bytes, as the openai SDK decodes them", () => {
    const result = { vectors: sensitive([[1, -0.5]]), inputTokens: 2 };
    assert.deepEqual(encodeEmbeddings(result, "m", true), {
      object: "list", model: "m", usage: { prompt_tokens: 2, total_tokens: 2 },
      data: [{ object: "embedding", index: 0, embedding: Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0xbf]).toString("base64") }],
    });
    assert.deepEqual((encodeEmbeddings(result, "m", false)["data"] as { embedding: number[] }[])[0]!.embedding, [1, -0.5]);
  });
});
