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
  // National numbering in groups, only beside a phone word.
  [phoneRecogniser, "Phone: 0490 75 40 81", ["0490 75 40 81"]],
  [phoneRecogniser, "Can someone call me on 01.84.17.61.18?", ["01.84.17.61.18"]],
  [phoneRecogniser, "Mobile: (99) 645-791", ["(99) 645-791"]],
  [phoneRecogniser, "They're not answering at 78 651 450", ["78 651 450"]],
  [phoneRecogniser, "invoice 0490 75 40 81 is paid", []],
  [phoneRecogniser, "(37) 788-063-Office, 07700 063 966-Fax", ["07700 063 966", "(37) 788-063"]],
  [phoneRecogniser, "OHIP health card 0172-873-517-LI", []],
  [phoneRecogniser, "They're not answering at 99 668472", ["99 668472"]],
  [phoneRecogniser, "call on 2024-01-15 about it", []],
  [phoneRecogniser, "The NHS number on the letter, 407 536 8812, does not look right.", []],
];

describe("Phone recogniser", () => {
  for (const [r, text, expected] of cases) {
    it(`${r.type}: ${text}`, () => assert.deepEqual(found(r, text), expected));
  }
});
