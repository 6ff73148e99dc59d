import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../../kernel/index.js";
import type { CatalogueModel } from "../../service/catalogue.js";
import { decodeModelsQuery, encodeModelPage, isAnthropicModel } from "./models.js";
import { catalogueModel } from "../../service/catalogue.fixture.js";

/** Anthropic's model list: its item shape, its paging, and which models it holds. */
const model = (modelId: string, name = modelId): CatalogueModel => catalogueModel(modelId, { name, providerName: "Anthropic", upstreamModel: "u", processingRegion: "eu-west-2" });
const ids = ["a1", "a2", "a3", "a4", "a5"].map((id) => model(id));
const page = (query: string): Record<string, unknown> => encodeModelPage(ids, decodeModelsQuery(new URLSearchParams(query)));

describe("Anthropic models list", () => {
  it("an item: type model, id, display name, created_at", () => {
    assert.deepEqual(encodeModelPage([model("anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6")], { limit: 20 }), {
      data: [{ type: "model", id: "anthropic.claude-sonnet-4-6", display_name: "Claude Sonnet 4.6", created_at: "1970-01-01T00:00:00Z" }],
      has_more: false, first_id: "anthropic.claude-sonnet-4-6", last_id: "anthropic.claude-sonnet-4-6",
    });
  });

  const pages: [string, string[], boolean][] = [
    ["", ["a1", "a2", "a3", "a4", "a5"], false],
    ["limit=2", ["a1", "a2"], true],
    ["limit=2&after_id=a2", ["a3", "a4"], true],
    ["limit=2&after_id=a4", ["a5"], false],
    ["limit=2&before_id=a5", ["a3", "a4"], true],
    ["limit=2&before_id=a3", ["a1", "a2"], false],
    ["after_id=a5", [], false],
  ];
  for (const [query, expected, more] of pages) {
    it(`paging ?${query}`, () => {
      const p = page(query);
      assert.deepEqual((p["data"] as { id: string }[]).map((m) => m.id), expected);
      assert.equal(p["has_more"], more);
      assert.deepEqual([p["first_id"], p["last_id"]], [expected[0] ?? null, expected.at(-1) ?? null]);
    });
  }

  const refusals: [string, string][] = [["limit=0", "limit"], ["limit=1001", "limit"], ["limit=two", "limit"], ["limit=-1", "limit"], ["after_id=a&before_id=b", "before_id"]];
  for (const [query, field] of refusals) {
    it(`refuses ?${query}, naming ${field}`, () => {
      assert.throws(() => decodeModelsQuery(new URLSearchParams(query)), (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === field);
    });
  }

  it("holds Anthropic-family models only, by their Bedrock ids", () => {
    assert.deepEqual(["anthropic.claude-3-5-haiku-20241022-v1:0", "meta.llama3-1-8b-instruct-v1:0", "amazon.titan-embed-text-v2:0"].map((id) => isAnthropicModel(model(id))), [true, false, false]);
  });
});
