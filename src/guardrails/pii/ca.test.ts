import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Recogniser } from "./recogniser.js";
import { caHealthRecogniser, sinRecogniser } from "./ca.js";

/** What a finder would keep: the matched texts scoring at least 0.5. */
const found = (r: Recogniser, text: string) => r.find(text).filter((m) => m.score >= 0.5).map((m) => text.slice(m.start, m.end));

const cases: ReadonlyArray<readonly [Recogniser, string, readonly string[]]> = [
  [sinRecogniser, "SIN 130 692 544", ["130 692 544"]],
  [sinRecogniser, "number 130-692-544", ["130-692-544"]],
  [sinRecogniser, "social insurance number 130692544", ["130692544"]],
  [sinRecogniser, "SIN 130 692 545", []],
  [sinRecogniser, "order 130692544", []],
  [caHealthRecogniser, "OHIP health card 1234-567-890-AB", ["1234-567-890-AB"]],
  [caHealthRecogniser, "RAMQ health number ABCD 1234 5678", ["ABCD 1234 5678"]],
  [caHealthRecogniser, "ticket 1234567890", []],
];

describe("Canadian recognisers", () => {
  for (const [r, text, expected] of cases) {
    it(`${r.type}: ${text}`, () => assert.deepEqual(found(r, text), expected));
  }
});
