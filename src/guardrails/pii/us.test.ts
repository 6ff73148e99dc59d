import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Recogniser } from "./recogniser.js";
import { driverIdRecogniser, itinRecogniser, routingRecogniser, ssnRecogniser, usBankAccountRecogniser, usPassportRecogniser } from "./us.js";

/** What a finder would keep: the matched texts scoring at least 0.5. */
const found = (r: Recogniser, text: string) => r.find(text).filter((m) => m.score >= 0.5).map((m) => text.slice(m.start, m.end));

const cases: ReadonlyArray<readonly [Recogniser, string, readonly string[]]> = [
  [ssnRecogniser, "SSN: 219-09-9999", ["219-09-9999"]],
  [ssnRecogniser, "ref 219-09-9999", ["219-09-9999"]],
  [ssnRecogniser, "social security number 219099999", ["219099999"]],
  [ssnRecogniser, "invoice 219099999", []],
  [ssnRecogniser, "SSN 666-12-3456 or 000-12-3456 or 123-45-6789", []],
  [ssnRecogniser, "SSN 219-09 9999", []],
  [itinRecogniser, "ITIN 912-70-1234", ["912-70-1234"]],
  [itinRecogniser, "ITIN 912-40-1234", []],
  [usPassportRecogniser, "passport number 340020013", ["340020013"]],
  [usPassportRecogniser, "US passport A12345678", ["A12345678"]],
  [usPassportRecogniser, "tracking 340020013", []],
  [usBankAccountRecogniser, "checking account number 000123456789", ["000123456789"]],
  [usBankAccountRecogniser, "reference 000123456789", []],
  [routingRecogniser, "routing number 021000021", ["021000021"]],
  [routingRecogniser, "routing number 021000022", []],
  [routingRecogniser, "id 021000021", []],
  [driverIdRecogniser, "driving licence MORGA657054SM9IJ", ["MORGA657054SM9IJ"]],
  [driverIdRecogniser, "driver's license D1234567", ["D1234567"]],
  [driverIdRecogniser, "product code D1234567", []],
];

describe("US recognisers", () => {
  for (const [r, text, expected] of cases) {
    it(`${r.type}: ${text}`, () => assert.deepEqual(found(r, text), expected));
  }
});
