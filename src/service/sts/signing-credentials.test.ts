import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import { Fault, sensitive } from "../../kernel/index.js";
import type { ResolvedCredential } from "../identity/index.js";
import { newTemporaryAccessKeyId } from "./ids.js";
import { SessionTokens } from "./session-tokens.js";
import { TemporaryCredentialResolver } from "./signing-credentials.js";

const T0 = new Date("2030-01-01T00:00:00Z");
const LONG_TERM_ID = "AKIAIOSFODNN7EXAMPLE";
const longTermCredential: ResolvedCredential = {
  principal: { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAABCDEFGHIJKLMNOP", userName: "alice", accessKeyId: LONG_TERM_ID },
  secretAccessKey: sensitive("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
};

function setup(now = T0) {
  const asked: string[] = [];
  const clock = { at: now.getTime(), now() { return new Date(this.at); } };
  const tokens = new SessionTokens(new EnvelopeSecretBox(rootKeyring(new RootKey(randomBytes(32)))), clock);
  const resolver = new TemporaryCredentialResolver(
    { resolve: async (id) => { asked.push(id); return id === LONG_TERM_ID ? longTermCredential : undefined; } },
    tokens,
  );
  const issue = () => tokens.issue({
    principal: { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAABCDEFGHIJKLMNOP", userName: "alice" },
    issuedAt: T0, expiresAt: new Date(T0.getTime() + 900_000),
  });
  return { asked, clock, resolver, issue };
}

describe("temporary credential resolver", () => {
  it("a long-term key without a token is looked up in the identity store", async () => {
    const { resolver, asked } = setup();
    assert.equal(await resolver.resolve(LONG_TERM_ID, undefined), longTermCredential);
    assert.deepEqual(asked, [LONG_TERM_ID]);
  });

  it("a temporary key with its own token resolves to the token's secret and session principal", async () => {
    const { resolver, issue, asked } = setup();
    const issued = await issue();
    const resolved = await resolver.resolve(issued.accessKeyId, issued.sessionToken);
    assert.ok(resolved);
    assert.equal(resolved.secretAccessKey.reveal(), issued.secretAccessKey.reveal());
    assert.equal(resolved.principal.accessKeyId, issued.accessKeyId);
    assert.equal(resolved.principal.arn, "arn:aws:iam::123456789012:user/alice");
    assert.ok(resolved.principal.session);
    assert.deepEqual(asked, [], "the identity store is not consulted for temporary keys");
  });

  it("a temporary key without a token is unrecognised", async () => {
    const { resolver, asked } = setup();
    assert.equal(await resolver.resolve(newTemporaryAccessKeyId(), undefined), undefined);
    assert.deepEqual(asked, []);
  });

  it("a long-term key with a token is unrecognised, even a genuine token", async () => {
    const { resolver, issue, asked } = setup();
    assert.equal(await resolver.resolve(LONG_TERM_ID, (await issue()).sessionToken), undefined);
    assert.deepEqual(asked, []);
  });

  it("a token issued for another temporary key is unrecognised", async () => {
    const { resolver, issue } = setup();
    const [a, b] = await Promise.all([issue(), issue()]);
    assert.equal(await resolver.resolve(a.accessKeyId, b.sessionToken), undefined);
    assert.equal(await resolver.resolve(b.accessKeyId, a.sessionToken), undefined);
  });

  it("a made-up token is unrecognised", async () => {
    const { resolver } = setup();
    assert.equal(await resolver.resolve(newTemporaryAccessKeyId(), "FwoGZXIvYXdzEJr//////////wEaDEXAMPLE"), undefined);
  });

  it("a genuine token past its expiry is refused as expired", async () => {
    const { resolver, issue, clock } = setup();
    const issued = await issue();
    clock.at = T0.getTime() + 900_000;
    await assert.rejects(resolver.resolve(issued.accessKeyId, issued.sessionToken), (e: unknown) => e instanceof Fault && e.kind === "expired-token");
  });
});
