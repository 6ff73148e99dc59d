import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { maxMatchLength } from "./regex-bound.js";

describe("maxMatchLength", () => {
  const cases: [string, number][] = [
    ["abc", 3],
    ["[A-Z]{2}\\d{6}[A-D]", 2 * 2 + 6 * 2 + 2],
    ["REF-[0-9]{200}", 4 + 400],
    ["(?:ab|cdef)?x", 5],
    ["(?<id>\\d{3})-\\d{4}", 6 + 1 + 8],
    ["^\\bfoo\\b$", 3],
    ["a{2,5}", 5],
    ["a{3}?", 3],
    ["\\p{Lu}\\P{L}", 4],
    ["\\x41\\u0042\\n", 5],
    ["[\\]a]", 2],
    ["a|b|cd", 2],
    ["x{", 2],
    ["a*", Infinity],
    ["a+b", Infinity],
    ["a{2,}", Infinity],
    ["(a)\\1", Infinity],
    ["(?i)abc", Infinity],
    ["(ab", Infinity],
    ["\\Qa.b\\E", Infinity],
  ];
  for (const [pattern, expected] of cases) {
    it(`${pattern} → ${expected}`, () => assert.equal(maxMatchLength(pattern), expected));
  }
});
