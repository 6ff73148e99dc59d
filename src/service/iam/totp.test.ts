import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { codeAt, matchingStep, newSeed } from "./totp.js";

// RFC 6238 appendix B, SHA-1, seed "12345678901234567890" (base32 below), last 6 of the 8 digits.
const SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP through Node's crypto", () => {
  const vectors: readonly { time: number; code: string }[] = [
    { time: 59, code: "287082" },
    { time: 1111111109, code: "081804" },
    { time: 1234567890, code: "005924" },
    { time: 20000000000, code: "353130" },
  ];
  for (const { time, code } of vectors) {
    it(`RFC 6238 vector at T=${time}`, async () => {
      assert.equal(await codeAt(SEED, Math.floor(time / 30)), code);
      assert.equal(await matchingStep(SEED, code, new Date(time * 1000)), Math.floor(time / 30));
    });
  }

  it("new seeds are 20 random bytes in base32", async () => {
    const [a, b] = [await newSeed(), await newSeed()];
    assert.match(a, /^[A-Z2-7]{32}$/);
    assert.notEqual(a, b);
  });
});
