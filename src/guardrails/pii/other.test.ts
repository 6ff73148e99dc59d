import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Recogniser } from "./recogniser.js";
import { ageRecogniser, licensePlateRecogniser, swiftRecogniser, vinRecogniser } from "./other.js";

/** What a finder would keep: the matched texts scoring at least 0.5. */
const found = (r: Recogniser, text: string) => r.find(text).filter((m) => m.score >= 0.5).map((m) => text.slice(m.start, m.end));

const cases: ReadonlyArray<readonly [Recogniser, string, readonly string[]]> = [
  [ageRecogniser, "she is 42 years old", ["42"]],
  [ageRecogniser, "a man aged 67", ["67"]],
  [ageRecogniser, "Age: 8", ["8"]],
  [ageRecogniser, "a 35-year-old patient", ["35"]],
  [ageRecogniser, "42 years ago", []],
  [ageRecogniser, "aged 450", []],
  [licensePlateRecogniser, "car reg AB51 ABC", ["AB51 ABC"]],
  [licensePlateRecogniser, "seen AB51ABC", ["AB51ABC"]],
  [licensePlateRecogniser, "plate AB50 ABC", []],
  [licensePlateRecogniser, "plate QB51 ABC", []],
  [licensePlateRecogniser, "licence plate 7ABC123", ["7ABC123"]],
  [licensePlateRecogniser, "code 7ABC123", []],
  [vinRecogniser, "VIN 1M8GDM9AXKP042788", ["1M8GDM9AXKP042788"]],
  [vinRecogniser, "chassis WVWZZZ1JZ3W386752", ["WVWZZZ1JZ3W386752"]],
  [vinRecogniser, "id 1M8GDM9A1KP042788", []],
  [swiftRecogniser, "SWIFT NWBKGB2L", ["NWBKGB2L"]],
  [swiftRecogniser, "BIC DEUTDEFF500", ["DEUTDEFF500"]],
  [swiftRecogniser, "HOSPITAL", []],
  [swiftRecogniser, "swift ABCDQX2L", []],
];

describe("Other recognisers", () => {
  for (const [r, text, expected] of cases) {
    it(`${r.type}: ${text}`, () => assert.deepEqual(found(r, text), expected));
  }
});
