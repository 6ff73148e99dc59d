import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import type RE2Type from "re2";
import { seededRandom } from "./classifier/seeded-random.js";
import { execMatches, regexMatches } from "./regex-matches.js";

const RE2 = createRequire(import.meta.url)("re2") as typeof RE2Type;

describe("a user regex's matches in one call", () => {
  // What guardrails compile (flags "gu"), including expressions with empty matches (\b, a|) that
  // compile's empty-string check lets through, astral characters and case folding.
  const patterns = ["TCK-\\d{6}", "\\d+", "[a-z]{2}", "\\b", "\\bab|c", "(?:a|)", ".", "..", "𝐀+", "(?i)straße", "x*y", "é", "[^ ]+", "a(b)?c", "(?i)ǅ"];
  const pieces = ["TCK-123456", "TCK-12", "ab", "c", "a", "y", "xxy", " ", "\n", "𝐀", "𝐀𝐀", "é", "e\u0301", "STRASSE", "straße", "ǆ", "ǅ", "\ud800", "\udc00", "0", "42", "-"];
  const random = seededRandom(3);
  const texts = ["", "a", "TCK-123456", ...Array.from({ length: 1_500 }, () => Array.from({ length: 1 + Math.floor(random() * 14) }, () => pieces[Math.floor(random() * pieces.length)]).join(""))];

  it("finds exactly what one exec per match found, for every expression and text", () => {
    let found = 0;
    for (const pattern of patterns) {
      const re = new RE2(pattern, "gu");
      for (const text of texts) {
        const expected = execMatches(re, text);
        found += expected.length;
        assert.deepEqual(regexMatches(re, text), expected, `${pattern} on ${JSON.stringify(text)}`);
        assert.equal(re.lastIndex, 0);
      }
    }
    assert.ok(found > 5_000, String(found));
  });

  it("a match after an astral character and an empty match is at its true place (the exec loop put it one unit early)", () => {
    const re = new RE2("(?:a|)", "gu");
    for (const text of ["𝐀a", "a𝐀a", "𝐀𝐀a", "\u0000𝐀a"]) {
      const spans = regexMatches(re, text);
      assert.ok(spans.length > 0);
      for (const [s, e] of spans) assert.equal(text.slice(s, e), "a", JSON.stringify(text));
    }
  });

  it("a text holding one of its marks is read one exec at a time, with the same answer", () => {
    const re = new RE2("\\d+", "gu");
    assert.deepEqual(regexMatches(re, "a\u00001\u00012 33"), [[2, 3], [4, 5], [6, 8]]);
  });

  it("the spans are the matches: TCK numbers in a prompt", () => {
    const text = "see TCK-123456 and TCK-654321, not TCK-12.";
    const re = new RE2("TCK-\\d{6}", "gu");
    assert.deepEqual(regexMatches(re, text).map(([s, e]) => text.slice(s, e)), ["TCK-123456", "TCK-654321"]);
  });
});
