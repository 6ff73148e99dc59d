import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault, sensitive } from "../../../kernel/index.js";
import { nativeFamilyFor } from "./registry.js";

/** Local models (`local.<file>`) take the Titan or Cohere embedding body, told apart by their members. */
describe("local.* InvokeModel bodies", () => {
  const family = nativeFamilyFor("local.my-Embedder");

  it("a local id has the local embedding family; other ids keep theirs", () => {
    assert.equal(family?.name, "local-embed");
    assert.equal(nativeFamilyFor("amazon.titan-embed-text-v1")?.name, "titan-embed");
  });

  it("Titan's {inputText} becomes one text and answers in Titan's shape", () => {
    const decoded = family!.decode({ inputText: "a cat" }, "local.my-Embedder");
    assert.ok(decoded.kind === "embed");
    assert.deepEqual(decoded.command.texts.reveal(), ["a cat"]);
    assert.equal(decoded.command.purpose, undefined);
    const encoded = family!.encodeEmbed!({ vectors: sensitive([[0.5, 0.25]]), inputTokens: 3 }, decoded.command);
    assert.deepEqual(encoded, { embedding: [0.5, 0.25], inputTextTokenCount: 3 });
  });

  it("Cohere's {texts, input_type} keeps its purpose and answers in Cohere's shape", () => {
    const decoded = family!.decode({ texts: ["a", "b"], input_type: "search_query" }, "local.my-Embedder");
    assert.ok(decoded.kind === "embed");
    assert.equal(decoded.command.purpose, "search_query");
    const encoded = family!.encodeEmbed!({ vectors: sensitive([[1], [2]]), inputTokens: 2 }, decoded.command, decoded.options) as Record<string, unknown>;
    assert.deepEqual([encoded["response_type"], encoded["embeddings"], encoded["texts"]], ["embeddings_floats", [[1], [2]], ["a", "b"]]);
  });

  it("a body of neither shape (a chat body) is refused with a message that says which bodies are taken", () => {
    for (const body of [{ prompt: "hello" }, [], "x"]) {
      assert.throws(() => family!.decode(body, "local.m"), (e: unknown) => e instanceof Fault && e.kind === "validation" && /inputText/.test(e.message) && !e.message.includes("hello"));
    }
    assert.throws(() => family!.decode({ inputText: "a", extra: 1 }, "local.m"), (e: unknown) => e instanceof Fault && e.kind === "validation");
  });
});
