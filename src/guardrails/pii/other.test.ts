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

describe("AGE from birthdays and past tense", () => {
  const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
    ["My brother just turned 60", ["60"]],
    ["My birthday is on the weekend. I'll turn 23.", ["23"]],
    ["He turned 41 last week.", ["41"]],
    ["Written when he was 78.", ["78"]],
    ["turned 90 degrees to the left", []],
    ["turn 3 pages back", []],
    ["when she was 5 minutes late", []],
    ["it turned 200 this year", []],
  ];
  for (const [text, expected] of cases) it(text, () => assert.deepEqual(found(ageRecogniser, text), expected));
});
