import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { localModelId } from "./providers.js";

describe("localModelId: a discovered file's model id", () => {
  const cases: Array<[string, string | undefined]> = [
    ["stories260K", "local.stories260K"],
    ["SmolLM2-135M-Instruct-Q8_0", "local.SmolLM2-135M-Instruct-Q8_0"],
    ["model.v2", "local.model.v2"],
    ["a+b", undefined],
    ["name:1", undefined],
    ["x".repeat(195), undefined],
    ["x".repeat(194), `local.${"x".repeat(194)}`],
  ];
  for (const [file, id] of cases) {
    it(`${file.slice(0, 40)} -> ${String(id).slice(0, 46)}`, () => assert.equal(localModelId(file), id));
  }
});
