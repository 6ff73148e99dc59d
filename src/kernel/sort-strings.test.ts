import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { sortStrings } from "./sort-strings.js";

describe("sortStrings", () => {
  it("orders exactly as Array.prototype.sort, short lists and long, any UTF-16 text (surrogates, duplicates, empty)", () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("", "a", "A", "é", "\ud800", "\udc00", "\u{1F600}", "\uffff", "aa"));
    fc.assert(fc.property(fc.array(text, { maxLength: 60 }), (items) => {
      const expected = [...items].sort();
      const copy = [...items];
      assert.equal(sortStrings(copy), copy, "sorted in place");
      assert.deepEqual(copy, expected);
    }), { numRuns: 2000 });
  });
});
