import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import type { EncryptionContext, SecretBox } from "../../crypto/index.js";
import { Fault } from "../../kernel/index.js";
import type { Clock } from "../../kernel/index.js";
import { SessionTokens } from "./session-tokens.js";
import type { SessionGrant } from "./session-tokens.js";
import { MAX_TOKEN_CHARS, PACKED_LIMIT, packSession } from "./token-format.js";

const T0 = new Date("2030-01-01T00:00:00Z");

class TestClock implements Clock {
  at = T0.getTime();
  now(): Date { return new Date(this.at); }
}

/** Counts how often the real box is asked to open, to see the cache at work. */
class CountingBox implements SecretBox {
  opens = 0;
  constructor(private readonly inner: SecretBox) {}
  seal(plaintext: Uint8Array, context: EncryptionContext): Promise<Uint8Array> { return this.inner.seal(plaintext, context); }
  open(ciphertext: Uint8Array, context: EncryptionContext): Promise<Uint8Array> { this.opens++; return this.inner.open(ciphertext, context); }
  sealedUnder(ciphertext: Uint8Array): ReturnType<SecretBox["sealedUnder"]> { return this.inner.sealedUnder(ciphertext); }
}

const key = new RootKey(randomBytes(32));
const box = (k = key) => new CountingBox(new EnvelopeSecretBox(rootKeyring(k)));

const userGrant: SessionGrant = {
  principal: { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAABCDEFGHIJKLMNOP", userName: "alice" },
  issuedAt: T0,
  expiresAt: new Date(T0.getTime() + 3600_000),
  mfaAuthenticatedAt: T0,
};

function roleGrant(tags = [{ key: "team", value: "blue" }]): SessionGrant {
  const facts = { policies: ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock:InvokeModel","Resource":"*"}]}'], tags, transitiveTagKeys: ["team"] };
  return {
    principal: {
      type: "AssumedRole", accountId: "123456789012", arn: "arn:aws:sts::123456789012:assumed-role/reader/build-42",
      userId: "AROAABCDEFGHIJKLMNOP:build-42", userName: "build-42", roleArn: "arn:aws:iam::123456789012:role/reader", roleId: "AROAABCDEFGHIJKLMNOP",
    },
    issuedAt: T0, expiresAt: new Date(T0.getTime() + 900_000),
    sourceArn: "arn:aws:iam::123456789012:user/alice", sourceIdentity: "alice@example.com",
    session: { facts, packed: packSession(facts) },
  };
}

function tamper(token: string, index: number): string {
  const bytes = Buffer.from(token, "base64");
  bytes[index] = bytes[index]! ^ 0x01;
  return bytes.toString("base64");
}

describe("session tokens", () => {
  it("a token opens to the key id, secret and principal it was issued with, on any node holding the key", async () => {
    const clock = new TestClock();
    const issued = await new SessionTokens(box(), clock).issue(userGrant);
    assert.match(issued.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(issued.secretAccessKey.reveal().length, 40);
    assert.deepEqual(issued.expiration, userGrant.expiresAt);
    const opened = await new SessionTokens(box(), clock).open(issued.sessionToken);
    assert.ok(opened);
    assert.equal(opened.accessKeyId, issued.accessKeyId);
    assert.equal(opened.secretAccessKey.reveal(), issued.secretAccessKey.reveal());
    assert.deepEqual(opened.principal, { ...userGrant.principal, accessKeyId: issued.accessKeyId, session: { issuedAt: T0, expiresAt: userGrant.expiresAt, mfaAuthenticatedAt: T0 } });
  });

  it("a role session's token carries its role, source, session policies, tags and transitive keys", async () => {
    const grant = roleGrant();
    const tokens = new SessionTokens(box(), new TestClock());
    const issued = await tokens.issue(grant);
    const opened = await tokens.open(issued.sessionToken);
    assert.ok(opened);
    assert.equal(opened.principal.roleArn, "arn:aws:iam::123456789012:role/reader");
    assert.equal(opened.principal.userId, "AROAABCDEFGHIJKLMNOP:build-42");
    assert.deepEqual(opened.principal.session, {
      issuedAt: T0, expiresAt: grant.expiresAt, policies: grant.session!.facts.policies, tags: [{ key: "team", value: "blue" }],
      transitiveTagKeys: ["team"], sourceArn: "arn:aws:iam::123456789012:user/alice", sourceIdentity: "alice@example.com",
    });
  });

  it("the secret never appears in the token or in a serialised opened credential", async () => {
    const tokens = new SessionTokens(box(), new TestClock());
    const issued = await tokens.issue(userGrant);
    const secret = issued.secretAccessKey.reveal();
    assert.ok(!issued.sessionToken.includes(secret));
    assert.ok(!Buffer.from(issued.sessionToken, "base64").includes(Buffer.from(secret)));
    const opened = await tokens.open(issued.sessionToken);
    assert.ok(!JSON.stringify(opened).includes(secret));
  });

  it("a token stays under AWS's typical 4096 bytes, even with the packed space full", async () => {
    // Random tag values do not compress: add tags while the packed form still fits the limit.
    const policies = roleGrant().session!.facts.policies;
    const tags: { key: string; value: string }[] = [];
    for (;;) {
      const next = [...tags, { key: `k${tags.length}`, value: randomBytes(60).toString("base64url") }];
      if (packSession({ policies, tags: next, transitiveTagKeys: ["team"] }).length > PACKED_LIMIT) break;
      tags.splice(0, tags.length, ...next);
    }
    const grant = roleGrant(tags);
    assert.ok(grant.session!.packed.length > PACKED_LIMIT * 0.9 && grant.session!.packed.length <= PACKED_LIMIT);
    const issued = await new SessionTokens(box(), new TestClock()).issue(grant);
    assert.ok(issued.sessionToken.length < 4096, `token is ${issued.sessionToken.length} characters`);
    assert.ok((await new SessionTokens(box(), new TestClock()).issue(userGrant)).sessionToken.length < 1024);
  });

  it("an altered, truncated, foreign or made-up token does not open", async () => {
    const tokens = new SessionTokens(box(), new TestClock());
    const { sessionToken } = await tokens.issue(userGrant);
    const bytes = Buffer.from(sessionToken, "base64").length;
    const foreign = await new SessionTokens(box(new RootKey(randomBytes(32))), new TestClock()).issue(userGrant);
    const otherKeyId = Buffer.from(sessionToken, "base64");
    otherKeyId.write("ASIAAAAAAAAAAAAAAAAA", 1, "ascii");
    for (const bad of [
      tamper(sessionToken, 0), tamper(sessionToken, 5), tamper(sessionToken, 60), tamper(sessionToken, bytes - 1),
      otherKeyId.toString("base64"),
      Buffer.from(sessionToken, "base64").subarray(0, bytes - 10).toString("base64"),
      foreign.sessionToken, "", "not a token", "QUJD", "A".repeat(MAX_TOKEN_CHARS + 4),
    ]) {
      assert.equal(await tokens.open(bad), undefined);
    }
    assert.ok(await tokens.open(sessionToken), "the untouched token still opens");
  });

  it("a token past its expiry is refused as expired, also when it was cached while valid", async () => {
    const clock = new TestClock();
    const tokens = new SessionTokens(box(), clock);
    const { sessionToken } = await tokens.issue(userGrant);
    assert.ok(await tokens.open(sessionToken));
    clock.at = userGrant.expiresAt.getTime() - 1;
    assert.ok(await tokens.open(sessionToken), "valid until the last millisecond");
    clock.at = userGrant.expiresAt.getTime();
    await assert.rejects(tokens.open(sessionToken), (e: unknown) => e instanceof Fault && e.kind === "expired-token" && e.message === "The security token included in the request is expired");
    await assert.rejects(new SessionTokens(box(), clock).open(sessionToken), (e: unknown) => e instanceof Fault && e.kind === "expired-token");
  });

  it("opening again is served from a bounded cache", async () => {
    const counting = box();
    const tokens = new SessionTokens(counting, new TestClock(), 2);
    const [a, b, c] = await Promise.all([tokens.issue(userGrant), tokens.issue(userGrant), tokens.issue(userGrant)]);
    await tokens.open(a.sessionToken);
    await tokens.open(a.sessionToken);
    assert.equal(counting.opens, 1);
    await tokens.open(b.sessionToken);
    await tokens.open(a.sessionToken); // a becomes the most recently used
    await tokens.open(c.sessionToken); // evicts b, the least recently used
    assert.equal(counting.opens, 3);
    await tokens.open(a.sessionToken);
    assert.equal(counting.opens, 3);
    await tokens.open(b.sessionToken);
    assert.equal(counting.opens, 4);
  });

  it("the cache is bounded by the size of what it holds, too", async () => {
    const counting = box();
    const grant = roleGrant();
    const tokens = new SessionTokens(counting, new TestClock(), 100, 4000);
    const [a, b] = await Promise.all([tokens.issue(grant), tokens.issue(grant)]);
    await tokens.open(a.sessionToken);
    await tokens.open(b.sessionToken); // two role sessions weigh more than 4000: a is evicted
    await tokens.open(b.sessionToken);
    assert.equal(counting.opens, 2);
    await tokens.open(a.sessionToken);
    assert.equal(counting.opens, 3);
  });
});
