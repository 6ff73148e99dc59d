import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { PII_ENTITY_TYPES, type PiiEntityType } from "../config.js";
import { findPii, piiFinder, recogniserFor, resolveOverlaps } from "./index.js";
import { CONTEXT_WINDOW } from "./pattern.js";

const ALL = new Set<PiiEntityType>(PII_ENTITY_TYPES);

describe("PII finder", () => {
  it("has a recogniser for every one of Bedrock's 31 entity types", () => {
    assert.equal(PII_ENTITY_TYPES.length, 31);
    for (const type of PII_ENTITY_TYPES) {
      const r = recogniserFor(type);
      assert.equal(r.type, type);
      assert.ok(r.maxLength > 0, type);
    }
  });

  it("finds UK identifiers in prose and labels each once", () => {
    const text = "Patient Maria Gonzalez, NHS number 943 476 5919, NI AB123456C, email maria@example.co.uk, phone 07700 900123.";
    const got = findPii(text, ALL).map((m) => [m.type, text.slice(m.start, m.end)]);
    assert.deepEqual(got, [
      ["NAME", "Maria Gonzalez"],
      ["UK_NATIONAL_HEALTH_SERVICE_NUMBER", "943 476 5919"],
      ["UK_NATIONAL_INSURANCE_NUMBER", "AB123456C"],
      ["EMAIL", "maria@example.co.uk"],
      ["PHONE", "07700 900123"],
    ]);
  });

  it("reports only the types asked for", () => {
    const text = "NHS number 943 476 5919, NI AB123456C";
    const got = findPii(text, new Set<PiiEntityType>(["UK_NATIONAL_INSURANCE_NUMBER"]));
    assert.deepEqual(got.map((m) => m.type), ["UK_NATIONAL_INSURANCE_NUMBER"]);
  });

  it("does not report checksum-failing numbers as the type whose check they fail", () => {
    const text = "card 4111 1111 1111 1112, NHS 943 476 5918, NI QQ123456C, IBAN GB82WEST12345698765433";
    const checked = new Set<PiiEntityType>([
      "CREDIT_DEBIT_CARD_NUMBER", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "UK_NATIONAL_INSURANCE_NUMBER", "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
    ]);
    assert.deepEqual(findPii(text, checked), []);
    // Written 3-3-4 it would be a plausible US phone number, but only a phone word makes it one.
    assert.deepEqual(findPii(text, ALL), []);
    assert.deepEqual(findPii("call 943 476 5918", ALL).map((m) => m.type), ["PHONE"]);
  });

  it("resolves overlaps: higher score, then longer span", () => {
    const got = resolveOverlaps([
      { type: "PHONE", start: 0, end: 12, score: 0.6 },
      { type: "UK_NATIONAL_HEALTH_SERVICE_NUMBER", start: 0, end: 12, score: 0.95 },
      { type: "AGE", start: 20, end: 22, score: 0.8 },
      { type: "PIN", start: 20, end: 24, score: 0.8 },
    ]);
    assert.deepEqual(got.map((m) => m.type), ["UK_NATIONAL_HEALTH_SERVICE_NUMBER", "PIN"]);
  });

  it("holds back the longest entity plus the context window either side", () => {
    const nino = new Set<PiiEntityType>(["UK_NATIONAL_INSURANCE_NUMBER"]);
    assert.equal(piiFinder.maxLength(nino), recogniserFor("UK_NATIONAL_INSURANCE_NUMBER").maxLength + 2 * CONTEXT_WINDOW);
    assert.equal(piiFinder.maxLength(new Set<PiiEntityType>(["URL", "PIN"])), recogniserFor("URL").maxLength + 2 * CONTEXT_WINDOW);
    assert.equal(piiFinder.maxLength(new Set()), 0);
  });

  it("stays linear on adversarial inputs (no catastrophic backtracking)", () => {
    const patternsOnly = new Set<PiiEntityType>(PII_ENTITY_TYPES.filter((t) => t !== "NAME" && t !== "ADDRESS"));
    for (const text of [
      "1 ".repeat(20_000),
      "a".repeat(40_000) + "@",
      "a.".repeat(20_000) + "@x",
      "x@" + "a.".repeat(20_000),
      ":".repeat(40_000),
      "1:".repeat(20_000),
      "A1".repeat(20_000),
      "https://" + "a".repeat(40_000),
      "password: " + "x".repeat(40_000),
    ]) {
      const t0 = performance.now();
      findPii(text, patternsOnly);
      const ms = performance.now() - t0;
      assert.ok(ms < 1500, `${text.slice(0, 12)}… took ${ms.toFixed(0)} ms`);
    }
  });
});
