import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { contextNear, hasWord, patternRecogniser } from "./pattern.js";
import { emailRecogniser } from "./network.js";

describe("pattern recogniser", () => {
  it("finds context words only as whole words", () => {
    for (const [text, word, expected] of [
      ["my nhs number", "nhs", true],
      ["nhs", "nhs", true],
      ["unhsy", "nhs", false],
      ["the pin: 1234", "pin", true],
      ["spinning", "pin", false],
    ] as const) {
      assert.equal(hasWord(text, word), expected, `${word} in ${text}`);
    }
  });
  it("reads context only within the window", () => {
    const text = `utr ${"x".repeat(50)} 1234567890`;
    const start = text.indexOf("1234567890");
    assert.equal(contextNear(text, start, start + 10, ["utr"], 40), false);
    assert.equal(contextNear(text, start, start + 10, ["utr"], 60), true);
  });
  it("validators reject or rescore, context boosts, capture groups narrow the span", () => {
    const r = patternRecogniser({
      type: "PIN",
      maxLength: 10,
      patterns: [{ pattern: /code (\d{4})/g, group: 1, score: 0.3, validate: (s) => s !== "0000", context: ["secret"] }],
    });
    assert.deepEqual(r.find("code 0000"), []);
    assert.deepEqual(r.find("code 1234"), [{ type: "PIN", start: 5, end: 9, score: 0.3 }]);
    assert.equal(r.find("secret code 1234")[0]!.score, 0.65);
  });
  it("refuses a non-global pattern (exec would loop forever on it)", () => {
    assert.throws(() => patternRecogniser({ type: "PIN", maxLength: 4, patterns: [{ pattern: /\d{4}/, score: 1 }] }));
  });
  it("an anchored pattern finds what the same pattern finds unanchored", () => {
    const email = /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-])/g;
    const plain = patternRecogniser({ type: "EMAIL", maxLength: 254, patterns: [{ pattern: email, score: 0.9 }] });
    const local64 = "a".repeat(64);
    for (const text of [
      "no address here",
      "write to jo@example.com today",
      "a @ b, then jo@example.com and ann@example.org",
      `${local64}@example.com`,
      `x ${local64}@example.com`,
      `${"a".repeat(65)}@example.com`,
      "jo@example.com@example.org x@y",
      "@@a@b.co @",
      `${"word ".repeat(40)}jo@example.com`,
    ]) {
      assert.deepEqual(emailRecogniser.find(text).map((m) => [m.start, m.end]), plain.find(text).map((m) => [m.start, m.end]), text);
    }
    assert.equal(emailRecogniser.find("a @ b, then jo@example.com").length, 1);
  });
});
