import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { getFips } from "node:crypto";
import { FIPS_ALGORITHMS, assertFipsReady, fipsDecision, probeFips } from "./fips.js";
import type { FipsAlgorithm, FipsFacts } from "./fips.js";

const ed25519 = FIPS_ALGORITHMS.find((a) => a.name === "Ed25519") as FipsAlgorithm;

describe("fipsDecision", () => {
  const table: readonly { name: string; requested: boolean; facts: FipsFacts; start: boolean; reason?: RegExp }[] = [
    { name: "not asked: starts whatever the runtime says", requested: false, facts: { getFips: 0, unavailable: [ed25519] }, start: true },
    { name: "asked, FIPS on, every algorithm offered: starts", requested: true, facts: { getFips: 1, unavailable: [] }, start: true },
    {
      name: "asked, FIPS off: refuses, says getFips() and where to read",
      requested: true, facts: { getFips: 0, unavailable: [] }, start: false,
      reason: /^FIPS mode was asked for \(--fips or server\.fips\) but Node's crypto is not in FIPS mode \(crypto\.getFips\(\) is 0\).*see "FIPS mode" in the README$/,
    },
    {
      name: "asked, FIPS on but an algorithm missing: refuses naming it and its use",
      requested: true, facts: { getFips: 1, unavailable: [ed25519] }, start: false,
      reason: /does not offer Ed25519, which plinth needs for audit checkpoint signatures/,
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const decision = fipsDecision(row.requested, row.facts);
      assert.equal(decision.start, row.start);
      if (!decision.start) {
        assert.match(decision.reason, row.reason as RegExp);
        assert.doesNotMatch(decision.reason, /\n/, "one line");
      }
    });
  }
});

describe("probeFips and assertFipsReady", () => {
  it("reports this runtime's getFips() and which probes fail", () => {
    const failing: FipsAlgorithm = { name: "Nope", use: "a test", probe: () => { throw new Error("unsupported"); } };
    const facts = probeFips([...FIPS_ALGORITHMS, failing]);
    assert.equal(facts.getFips, getFips());
    assert.equal(facts.unavailable.at(-1)?.name, "Nope");
  });

  it("without FIPS every algorithm plinth uses works here (the probes themselves are sound)", (t) => {
    // Justified skip: this states what a runtime WITHOUT a FIPS provider does (every machine we
    // have, CI included); on a FIPS runtime the decision table in src/crypto/fips.test.ts covers it.
    if (getFips() === 1) return t.skip("this runtime is in FIPS mode");
    assert.deepEqual(probeFips().unavailable, []);
  });

  it("does nothing when not asked, even on a runtime that would refuse", () => {
    assertFipsReady(false, () => assert.fail("must not probe"));
  });

  it("throws the refusal as a fault with a stable reason", () => {
    assert.throws(() => assertFipsReady(true, () => ({ getFips: 0, unavailable: [] })), (error: unknown) => {
      assert.equal((error as { detail: { reason: string } }).detail.reason, "fips-unavailable");
      assert.match((error as Error).message, /crypto\.getFips\(\) is 0/);
      return true;
    });
    assertFipsReady(true, () => ({ getFips: 1, unavailable: [] }));
  });
});
