import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import { Fault, sensitive } from "../../kernel/index.js";
import type { Clock } from "../../kernel/index.js";
import type { ServiceCredentialWithOwner } from "../../store/index.js";
import { formatLongTermKey } from "./long-term-api-key.js";
import { LongTermKeyResolver, serviceCredentialSecretContext } from "./long-term-key-resolver.js";

/**
 * Long-term keys against sealed credentials: the owning user is the principal; a wrong secret,
 * an unknown alias, an inactive, deleted or expired credential, or one for another service is
 * refused, without quoting the key; a change is seen at once after `forget`, else after the TTL.
 */
class Clockwork implements Clock {
  at = Date.parse("2026-01-01T00:00:00Z");
  now(): Date { return new Date(this.at); }
}

const box = new EnvelopeSecretBox(rootKeyring(new RootKey(randomBytes(32))));
const SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==";
const ALIAS = "alice-at-123456789012-ABCDEFGH";

async function credential(extra: Partial<ServiceCredentialWithOwner> = {}): Promise<ServiceCredentialWithOwner> {
  const credentialId = "ACCAABCDEFGHIJKLMNOP";
  return {
    credentialId, userId: "AIDAABCDEFGHIJKLMNOP", serviceName: "bedrock.amazonaws.com", alias: ALIAS,
    secretCiphertext: await box.seal(Buffer.from(SECRET), serviceCredentialSecretContext(credentialId)),
    status: "Active", createdAt: new Date("2025-12-01T00:00:00Z"), accountId: "123456789012", userName: "alice",
    arn: "arn:aws:iam::123456789012:user/alice", ...extra,
  };
}

function world(): { clock: Clockwork; rows: Map<string, ServiceCredentialWithOwner>; reads: string[]; resolver: LongTermKeyResolver } {
  const clock = new Clockwork();
  const rows = new Map<string, ServiceCredentialWithOwner>();
  const reads: string[] = [];
  const resolver = new LongTermKeyResolver({ getByAlias: async (alias) => { reads.push(alias); return rows.get(alias); } }, box, clock);
  return { clock, rows, reads, resolver };
}

async function refused(call: Promise<unknown>, kind: Fault["kind"]): Promise<void> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof Fault, `expected a fault, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  assert.ok(!error.message.includes(SECRET) && !error.message.includes("ABSK"), "the message quotes the key");
}

const KEY = sensitive(formatLongTermKey(ALIAS, SECRET));

describe("Bedrock long-term keys against their credentials", () => {
  it("the right key is the owning user, with the credential's id where an access key id would be", async () => {
    const w = world();
    w.rows.set(ALIAS, await credential());
    assert.deepEqual(await w.resolver.authenticate(KEY), {
      type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAABCDEFGHIJKLMNOP", userName: "alice", accessKeyId: "ACCAABCDEFGHIJKLMNOP",
    });
  });

  it("a wrong secret, an unknown alias, a malformed key or another service's credential is refused", async () => {
    const w = world();
    w.rows.set(ALIAS, await credential());
    await refused(w.resolver.authenticate(sensitive(formatLongTermKey(ALIAS, SECRET.replace("c2", "c3")))), "unrecognized-client");
    await refused(w.resolver.authenticate(sensitive(formatLongTermKey("bob-at-123456789012-ABCDEFGH", SECRET))), "unrecognized-client");
    await refused(w.resolver.authenticate(sensitive("ABSKnotbase64!")), "unrecognized-client");
    await refused(w.resolver.authenticate(KEY, "codecommit.amazonaws.com"), "unrecognized-client");
  });

  it("inactive or deleted: refused at once after forget, and on other nodes within the cache time", async () => {
    const w = world();
    w.rows.set(ALIAS, await credential());
    await w.resolver.authenticate(KEY);
    w.rows.set(ALIAS, await credential({ status: "Inactive" }));
    assert.ok(await w.resolver.authenticate(KEY), "cached for a few seconds, as access keys are");
    w.resolver.forget(ALIAS);
    await refused(w.resolver.authenticate(KEY), "unrecognized-client");
    w.rows.set(ALIAS, await credential());
    w.clock.at += 5_000;
    assert.ok(await w.resolver.authenticate(KEY), "reactivated: seen after the cache time");
    w.rows.delete(ALIAS);
    w.clock.at += 5_000;
    await refused(w.resolver.authenticate(KEY), "unrecognized-client");
  });

  it("expired: refused as expired only to the holder of the right secret", async () => {
    const w = world();
    w.rows.set(ALIAS, await credential({ expiresAt: new Date(w.clock.at + 60_000) }));
    assert.ok(await w.resolver.authenticate(KEY));
    w.clock.at += 60_000;
    await refused(w.resolver.authenticate(KEY), "expired-token");
    await refused(w.resolver.authenticate(sensitive(formatLongTermKey(ALIAS, SECRET.replace("c2", "c3")))), "unrecognized-client");
  });

  it("unknown aliases are remembered: made-up keys are not a read each", async () => {
    const w = world();
    const unknown = sensitive(formatLongTermKey("mallory-at-123456789012-ABCDEFGH", SECRET));
    for (let i = 0; i < 5; i++) await refused(w.resolver.authenticate(unknown), "unrecognized-client");
    assert.equal(w.reads.length, 1);
  });
});
