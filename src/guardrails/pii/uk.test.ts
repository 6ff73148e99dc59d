import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Recogniser } from "./recogniser.js";
import { nhsRecogniser, ninoRecogniser, utrRecogniser } from "./uk.js";

/** What a finder would keep: the matched texts scoring at least 0.5. */
const found = (r: Recogniser, text: string) => r.find(text).filter((m) => m.score >= 0.5).map((m) => text.slice(m.start, m.end));

const cases: ReadonlyArray<readonly [Recogniser, string, readonly string[]]> = [
  [nhsRecogniser, "NHS number 943 476 5919.", ["943 476 5919"]],
  [nhsRecogniser, "ref 943-476-5919", ["943-476-5919"]],
  [nhsRecogniser, "patient 9434765919", ["9434765919"]],
  [nhsRecogniser, "NHS number 943 476 5918", []],
  [nhsRecogniser, "mixed separators 943 476-5919", []],
  [nhsRecogniser, "longer 19434765919", []],
  [ninoRecogniser, "NI number AB123456C", ["AB123456C"]],
  [ninoRecogniser, "my NINO is AB 12 34 56 C ok", ["AB 12 34 56 C"]],
  [ninoRecogniser, "QQ123456C is the example on forms", []],
  [ninoRecogniser, "GB123456A and AB123456E", []],
  [ninoRecogniser, "part of XAB123456C", []],
  [ninoRecogniser, "NI number AB-12-34-56-C on the form", ["AB-12-34-56-C"]],
  [ninoRecogniser, "hyphens only in some breaks AB-12-3456-C", []],
  [ninoRecogniser, "spaces and hyphens mixed AB 12-34-56 C", []],
  [ninoRecogniser, "a hyphenated code QQ-12-34-56-C", []],
  [utrRecogniser, "My UTR is 12345 67890", ["12345 67890"]],
  [utrRecogniser, "self assessment ref 1234567890K", ["1234567890K"]],
  [utrRecogniser, "order 1234567890 shipped", []],
];

describe("UK recognisers", () => {
  for (const [r, text, expected] of cases) {
    it(`${r.type}: ${text}`, () => assert.deepEqual(found(r, text), expected));
  }
  it("context raises a bare valid NHS number's score", () => {
    const bare = nhsRecogniser.find("9434765919")[0]!.score;
    const withContext = nhsRecogniser.find("NHS no 9434765919")[0]!.score;
    assert.ok(withContext > bare, `${withContext} > ${bare}`);
  });
});
