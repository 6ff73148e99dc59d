import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../kernel/index.js";
import { verifySigV4 } from "./verify.js";
import { options, secondsAfter, signedRequest, SIGNED_AT } from "./signing.fixture.js";

const kind = (expected: string, text?: RegExp) => (e: unknown) =>
  isFault(e) && e.kind === expected && (text === undefined || text.test(e.message));

describe("signature time window (header signing)", () => {
  it("accepts a request signed exactly maxSkewSeconds ago", async () => {
    const req = await signedRequest();
    const result = await verifySigV4(req, options(secondsAfter(SIGNED_AT, 300)));
    assert.equal(result.signedAt.toISOString(), SIGNED_AT.toISOString());
  });

  it("rejects a request signed maxSkewSeconds + 1 ago, giving the times like AWS", async () => {
    const req = await signedRequest();
    await assert.rejects(
      verifySigV4(req, options(secondsAfter(SIGNED_AT, 301))),
      kind("signature-expired", /^Signature expired: 20261124T100000Z is now earlier than 20261124T100001Z \(20261124T100501Z - 5 min\.\)$/),
    );
  });

  it("accepts a request dated exactly maxSkewSeconds in the future", async () => {
    const req = await signedRequest();
    await verifySigV4(req, options(secondsAfter(SIGNED_AT, -300)));
  });

  it("rejects a request dated maxSkewSeconds + 1 in the future", async () => {
    const req = await signedRequest();
    await assert.rejects(
      verifySigV4(req, options(secondsAfter(SIGNED_AT, -301))),
      kind("signature-expired", /^Signature not yet current: 20261124T100000Z is still later than 20261124T095959Z \(20261124T095459Z \+ 5 min\.\)$/),
    );
  });

  it("honours a wider configured skew (900 s), both ways", async () => {
    const req = await signedRequest();
    await verifySigV4(req, options(secondsAfter(SIGNED_AT, 900), 900));
    await verifySigV4(req, options(secondsAfter(SIGNED_AT, -900), 900));
    await assert.rejects(verifySigV4(req, options(secondsAfter(SIGNED_AT, 901), 900)), kind("signature-expired", /- 15 min\./));
  });

  for (const skew of [0, 901, 1.5, Number.NaN]) {
    it(`rejects maxSkewSeconds=${skew} as a validation fault instead of clamping`, async () => {
      const req = await signedRequest();
      await assert.rejects(verifySigV4(req, options(SIGNED_AT, skew)), kind("validation", /maxSkewSeconds/));
    });
  }
});

describe("signature time window (presigned URLs)", () => {
  it("accepts a presigned URL until X-Amz-Date + X-Amz-Expires, inclusive", async () => {
    const req = await signedRequest({ method: "GET", path: "/foundation-models" }, { presignExpires: 600 });
    const result = await verifySigV4(req, options(secondsAfter(SIGNED_AT, 600)));
    assert.equal(result.presigned, true);
  });

  it("rejects a presigned URL one second after it expired, giving the times", async () => {
    const req = await signedRequest({ method: "GET", path: "/foundation-models" }, { presignExpires: 600 });
    await assert.rejects(
      verifySigV4(req, options(secondsAfter(SIGNED_AT, 601))),
      kind("signature-expired", /^Signature expired: .*20261124T100000Z.*X-Amz-Expires=600.*20261124T101000Z.*20261124T101001Z/),
    );
  });

  it("lets a long X-Amz-Expires outlast the header skew", async () => {
    const req = await signedRequest({ method: "GET", path: "/foundation-models" }, { presignExpires: 3600 });
    await verifySigV4(req, options(secondsAfter(SIGNED_AT, 3000)));
  });

  it("rejects a presigned URL dated beyond the skew in the future", async () => {
    const req = await signedRequest({ method: "GET", path: "/foundation-models" }, { presignExpires: 3600 });
    await assert.rejects(verifySigV4(req, options(secondsAfter(SIGNED_AT, -301))), kind("signature-expired", /not yet current/));
  });

  it("rejects X-Amz-Expires above one week (604800 s)", async () => {
    const req = await signedRequest({ method: "GET", path: "/foundation-models" }, { presignExpires: 604800 });
    await verifySigV4(req, options(secondsAfter(SIGNED_AT, 604800)));
    const longer = { ...req, rawTarget: req.rawTarget.replace("X-Amz-Expires=604800", "X-Amz-Expires=604801") };
    assert.notEqual(longer.rawTarget, req.rawTarget);
    await assert.rejects(verifySigV4(longer, options()), kind("signature-expired", /604800/));
  });
});
