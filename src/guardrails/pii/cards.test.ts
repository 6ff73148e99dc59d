import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Recogniser } from "./recogniser.js";
import { cardNumberRecogniser, cvvRecogniser, expiryRecogniser } from "./cards.js";

/** What a finder would keep: the matched texts scoring at least 0.5. */
const found = (r: Recogniser, text: string) => r.find(text).filter((m) => m.score >= 0.5).map((m) => text.slice(m.start, m.end));

const cases: ReadonlyArray<readonly [Recogniser, string, readonly string[]]> = [
  [cardNumberRecogniser, "card 4111 1111 1111 1111.", ["4111 1111 1111 1111"]],
  [cardNumberRecogniser, "pay with 5500-0000-0000-0004 now", ["5500-0000-0000-0004"]],
  [cardNumberRecogniser, "amex 378282246310005", ["378282246310005"]],
  [cardNumberRecogniser, "card 4111 1111 1111 1112", []],
  [cardNumberRecogniser, "id 12345678901234567890123", []],
  [cardNumberRecogniser, "request 0574a96f-3a17-4778-a666-075275163613", []],
  // Maestro (12 digits) and JCB's 1800/2131 ranges: Luhn-valid, and only beside a card word.
  [cardNumberRecogniser, "What is the limit for card 501864667909?", ["501864667909"]],
  [cardNumberRecogniser, "I have lost my card 180016070420458.", ["180016070420458"]],
  [cardNumberRecogniser, "order 501864667909 shipped", []],
  [cardNumberRecogniser, "card 501864667908", []],
  [cvvRecogniser, "CVV 123", ["123"]],
  [cvvRecogniser, "security code: 4821", ["4821"]],
  [cvvRecogniser, "room 123 on floor 4", []],
  [expiryRecogniser, "expires 12/27", ["12/27"]],
  [expiryRecogniser, "exp 01/2030", ["01/2030"]],
  [expiryRecogniser, "valid thru 13/27", []],
  [expiryRecogniser, "meeting 12/25/2024", []],
];

describe("Card recognisers", () => {
  for (const [r, text, expected] of cases) {
    it(`${r.type}: ${text}`, () => assert.deepEqual(found(r, text), expected));
  }
});
