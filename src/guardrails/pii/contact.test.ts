import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Recogniser } from "./recogniser.js";
import { phoneRecogniser } from "./contact.js";

/** What a finder would keep: the matched texts scoring at least 0.5. */
const found = (r: Recogniser, text: string) => r.find(text).filter((m) => m.score >= 0.5).map((m) => text.slice(m.start, m.end));

const cases: ReadonlyArray<readonly [Recogniser, string, readonly string[]]> = [
  [phoneRecogniser, "ring 07700 900123", ["07700 900123"]],
  [phoneRecogniser, "office 020 7946 0958", ["020 7946 0958"]],
  [phoneRecogniser, "abroad +44 20 7946 0958", ["+44 20 7946 0958"]],
  [phoneRecogniser, "abroad +44 (0)20 7946 0958", ["+44 (0)20 7946 0958"]],
  [phoneRecogniser, "US (212) 555-0199", ["(212) 555-0199"]],
  [phoneRecogniser, "US 1-800-555-0199", ["1-800-555-0199"]],
  [phoneRecogniser, "mobile 07700900123", ["07700900123"]],
  [phoneRecogniser, "batch 2125550199", []],
  [phoneRecogniser, "+12 3", []],
];

describe("Phone recogniser", () => {
  for (const [r, text, expected] of cases) {
    it(`${r.type}: ${text}`, () => assert.deepEqual(found(r, text), expected));
  }
});
