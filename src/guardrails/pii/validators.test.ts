import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { abaRouting, canadianSin, cardNumber, iban, isRegionCode, luhn, nhsNumber, ukNino, usItin, usSsn, vinCheckDigit } from "./validators.js";

const cases: ReadonlyArray<readonly [string, (s: string) => boolean, string, boolean]> = [
  ["luhn", luhn, "79927398713", true],
  ["luhn", luhn, "79927398710", false],
  ["card: Visa test number", cardNumber, "4111 1111 1111 1111", true],
  ["card: Mastercard", cardNumber, "5500-0000-0000-0004", true],
  ["card: Amex 15 digits", cardNumber, "378282246310005", true],
  ["card: Discover", cardNumber, "6011111111111117", true],
  ["card: Luhn fails", cardNumber, "4111 1111 1111 1112", false],
  ["card: unknown issuer prefix", cardNumber, "9111111111111111", false],
  ["card: too short", cardNumber, "411111111111", false],
  ["nhs: the published test number", nhsNumber, "943 476 5919", true],
  ["nhs: dashes", nhsNumber, "943-476-5919", true],
  ["nhs: check digit wrong", nhsNumber, "943 476 5918", false],
  ["nhs: one repeated digit", nhsNumber, "0000000000", false],
  ["nhs: remainder 1 means check 10, never issued", nhsNumber, "0000000060", false],
  ["iban: GB", iban, "GB82 WEST 1234 5698 7654 32", true],
  ["iban: DE", iban, "DE89370400440532013000", true],
  ["iban: mod 97 fails", iban, "GB82WEST12345698765433", false],
  ["iban: too short", iban, "GB82WEST1234", false],
  ["aba: JPMorgan Chase NY", abaRouting, "021000021", true],
  ["aba: Fed Boston", abaRouting, "011000015", true],
  ["aba: checksum fails", abaRouting, "021000022", false],
  ["aba: prefix not a Federal Reserve district", abaRouting, "501000025", false],
  ["vin: the textbook example", vinCheckDigit, "1M8GDM9AXKP042788", true],
  ["vin: check digit wrong", vinCheckDigit, "1M8GDM9A1KP042788", false],
  ["vin: contains O", vinCheckDigit, "1M8GDM9AXKP04278O", false],
  ["sin: valid", canadianSin, "130 692 544", true],
  ["sin: Luhn fails", canadianSin, "130 692 545", false],
  ["sin: 0 is not issued first", canadianSin, "046 454 286", false],
  ["nino: valid", ukNino, "AB123456C", true],
  ["nino: spaced", ukNino, "AB 12 34 56 C", true],
  ["nino: hyphenated", ukNino, "AB-12-34-56-C", true],
  ["nino: Q is never a first letter", ukNino, "QQ123456C", false],
  ["nino: O is never a second letter", ukNino, "AO123456C", false],
  ["nino: GB is never allocated", ukNino, "GB123456A", false],
  ["nino: TN is never allocated", ukNino, "TN123456A", false],
  ["nino: suffix beyond D", ukNino, "AB123456E", false],
  ["ssn: valid", usSsn, "219-09-9999", true],
  ["ssn: area 000", usSsn, "000-12-3456", false],
  ["ssn: area 666", usSsn, "666-12-3456", false],
  ["ssn: area 9xx is ITIN space", usSsn, "912-34-5678", false],
  ["ssn: group 00", usSsn, "123-00-4567", false],
  ["ssn: serial 0000", usSsn, "123-45-0000", false],
  ["ssn: the advertised example", usSsn, "123-45-6789", false],
  ["itin: group 70", usItin, "912-70-1234", true],
  ["itin: group 94", usItin, "900-94-0000", true],
  ["itin: group 40 not issued", usItin, "912-40-1234", false],
  ["itin: group 93 not issued", usItin, "912-93-1234", false],
  ["itin: must start with 9", usItin, "812-70-1234", false],
  ["region: GB", isRegionCode, "GB", true],
  ["region: QX is not a country", isRegionCode, "QX", false],
];

describe("PII validators", () => {
  for (const [name, check, input, expected] of cases) {
    it(`${name}: ${input} → ${expected}`, () => assert.equal(check(input), expected));
  }
});
