import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isFault, sensitive } from "../kernel/index.js";
import { deriveSigningKey, SigningKeyCache } from "./signing-keys.js";
import { verifySigV4 } from "./verify.js";
import { ACCESS_KEY_ID, options, SECRET_ACCESS_KEY, signedRequest, withAuthorization } from "./signing.fixture.js";

const scope = { date: "20150830", region: "us-east-1", service: "iam" };

describe("signing keys", () => {
  it("derives the key of the AWS documentation example", () => {
    // docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html (kSigning)
    const key = deriveSigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", scope);
    assert.equal(key.toString("hex"), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  });

  it("a cached key is reused only for the secret it was derived from", () => {
    const cache = new SigningKeyCache(4);
    const first = cache.key("AKID", sensitive("one"), scope);
    assert.equal(first.cached, false);
    cache.remember("AKID", sensitive("one"), scope, first.key);
    assert.deepEqual(cache.key("AKID", sensitive("one"), scope), { key: first.key, cached: true });
    const rotated = cache.key("AKID", sensitive("two"), scope);
    assert.equal(rotated.cached, false);
    assert.notDeepEqual(rotated.key, first.key);
    assert.equal(cache.key("AKID", sensitive("one"), { ...scope, date: "20150831" }).cached, false);
  });

  it("holds at most maxEntries keys, oldest out first", () => {
    const cache = new SigningKeyCache(2);
    for (const region of ["r1", "r2", "r3"]) cache.remember("AKID", sensitive("s"), { ...scope, region }, Buffer.alloc(32));
    assert.equal(cache.size, 2);
    assert.equal(cache.key("AKID", sensitive("s"), { ...scope, region: "r1" }).cached, false);
    assert.equal(cache.key("AKID", sensitive("s"), { ...scope, region: "r3" }).cached, true);
  });

  it("refuses a bound that is not a positive whole number", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => new SigningKeyCache(bad), (e: unknown) => isFault(e) && e.kind === "validation" && e.detail.field === "maxEntries");
  });

  it("verification learns a key only from a signature that verified, and verifies with it", async () => {
    const cache = new SigningKeyCache();
    const opts = { ...options(), signingKeys: cache };
    const req = await signedRequest();
    const forged = withAuthorization(req, (v) => v.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`));
    await assert.rejects(verifySigV4(forged, opts), (e: unknown) => isFault(e) && e.kind === "invalid-signature");
    assert.equal(cache.size, 0);
    await verifySigV4(req, opts);
    assert.equal(cache.size, 1);
    await verifySigV4(req, opts);
    await assert.rejects(verifySigV4(forged, opts), (e: unknown) => isFault(e) && e.kind === "invalid-signature");
    // A rotated secret: the cached key no longer applies, so the old signature fails.
    const rotated = { ...opts, lookup: async (id: string) => (id === ACCESS_KEY_ID ? { secretAccessKey: sensitive(`${SECRET_ACCESS_KEY}x`) } : undefined) };
    await assert.rejects(verifySigV4(req, rotated), (e: unknown) => isFault(e) && e.kind === "invalid-signature");
  });
});
