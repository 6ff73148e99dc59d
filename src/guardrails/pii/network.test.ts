import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Recogniser } from "./recogniser.js";
import { emailRecogniser, ibanRecogniser, ipRecogniser, macRecogniser, urlRecogniser } from "./network.js";

/** What a finder would keep: the matched texts scoring at least 0.5. */
const found = (r: Recogniser, text: string) => r.find(text).filter((m) => m.score >= 0.5).map((m) => text.slice(m.start, m.end));

const cases: ReadonlyArray<readonly [Recogniser, string, readonly string[]]> = [
  [ipRecogniser, "from 192.168.0.1.", ["192.168.0.1"]],
  [ipRecogniser, "host 255.255.255.255", ["255.255.255.255"]],
  [ipRecogniser, "bad 256.1.1.1 and 1.2.3.4.5", []],
  [ipRecogniser, "v6 fe80::1ff:fe23:4567:890a here", ["fe80::1ff:fe23:4567:890a"]],
  [ipRecogniser, "full 2001:0db8:85a3:0000:0000:8a2e:0370:7334", ["2001:0db8:85a3:0000:0000:8a2e:0370:7334"]],
  [ipRecogniser, "at 10:30:45 today", []],
  [macRecogniser, "mac 00:1A:2B:3C:4D:5E", ["00:1A:2B:3C:4D:5E"]],
  [macRecogniser, "mac 00-1a-2b-3c-4d-5e", ["00-1a-2b-3c-4d-5e"]],
  [macRecogniser, "mixed 00:1A-2B:3C:4D:5E", []],
  [urlRecogniser, "see https://example.com/a?b=c.", ["https://example.com/a?b=c"]],
  [urlRecogniser, "(www.example.co.uk/path)", ["www.example.co.uk/path"]],
  [urlRecogniser, "no scheme example dot com", []],
  [emailRecogniser, "mail jo.bloggs+nhs@example.co.uk.", ["jo.bloggs+nhs@example.co.uk"]],
  [emailRecogniser, "a@b", []],
  [emailRecogniser, "x..y@example.com", []],
  [ibanRecogniser, "IBAN GB82 WEST 1234 5698 7654 32", ["GB82 WEST 1234 5698 7654 32"]],
  [ibanRecogniser, "DE89370400440532013000", ["DE89370400440532013000"]],
  [ibanRecogniser, "my iban is gb82west12345698765432", ["gb82west12345698765432"]],
  [ibanRecogniser, "token gb82west12345698765432", []],
  [ibanRecogniser, "my iban is gb82west12345698765433", []],
  [ibanRecogniser, "GB82WEST12345698765433", []],
];

describe("Network and bank recognisers", () => {
  for (const [r, text, expected] of cases) {
    it(`${r.type}: ${text}`, () => assert.deepEqual(found(r, text), expected));
  }
});
