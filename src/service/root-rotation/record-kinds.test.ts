import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TestContext } from "node:test";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import { accessKeySecretContext, openAccessKeySecret, openServiceCredentialSecret, serviceCredentialSecretContext } from "../identity/index.js";
import { mfaSeedContext, openSeed } from "../iam/mfa-seed.js";
import { DEFAULT_KEY_ALIAS, KmsEnvelopeKeys } from "../kms/index.js";
import { ACCOUNT, REGION, kmsWorld } from "../kms/kms.fixture.js";
import { SessionTokens } from "../sts/session-tokens.js";
import { resealOffRoot } from "./migrate.js";
import { rootSealedRecordKinds } from "./record-kinds.js";

const USER_ID = "AIDAAAAAAAAAAAAAAAAA";
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`;
const ACCESS_KEY = "AKIAAAAAAAAAAAAAAAAA";
const CREDENTIAL = "ACCAAAAAAAAAAAAAAAAA";
const text = (s: string) => new TextEncoder().encode(s);
const decoded = (b: Uint8Array) => new TextDecoder().decode(b);

/** A store holding one of each secret in the form older releases wrote: sealed under the root key, bound to no account. */
async function legacyWorld(t: TestContext) {
  const w = await kmsWorld(t);
  const keys = new KmsEnvelopeKeys({ store: w.store.kms, rootBox: w.rootBox, clock: w.clock, region: REGION });
  const box = new EnvelopeSecretBox(rootKeyring(new RootKey(new Uint8Array(32).fill(7))), { keys });
  await w.store.identity.createUser({ userId: USER_ID, accountId: ACCOUNT, userName: "alice", path: "/", arn: USER_ARN, createdAt: w.clock.now() });
  await w.store.iam.createMfaDevice({ serialNumber: SERIAL, accountId: ACCOUNT, seedCiphertext: await box.seal(text("SEEDSEEDSEEDSEED"), mfaSeedContext(SERIAL)), createdAt: w.clock.now() });
  await w.store.serviceCredentials.create({
    credentialId: CREDENTIAL, userId: USER_ID, serviceName: "bedrock.amazonaws.com", alias: `alice-at-${ACCOUNT}-ABCDEFGH`,
    secretCiphertext: await box.seal(text("api-key-secret"), serviceCredentialSecretContext(CREDENTIAL)), status: "Active", createdAt: w.clock.now(),
  });
  await w.store.identity.createAccessKey({
    accessKeyId: ACCESS_KEY, userId: USER_ID, secretCiphertext: await box.seal(text("access-key-secret"), accessKeySecretContext(ACCESS_KEY)),
    status: "Active", createdAt: w.clock.now(),
  });
  const read = async () => {
    const device = (await w.store.iam.getMfaDevice(SERIAL))!;
    const credential = (await w.store.serviceCredentials.get(CREDENTIAL))!;
    const key = (await w.store.identity.getAccessKey(ACCESS_KEY))!;
    return {
      keys: [box.sealedUnder(device.seedCiphertext)?.arn, box.sealedUnder(credential.secretCiphertext)?.arn, box.sealedUnder(key.secretCiphertext)?.arn],
      plain: async () => [await openSeed(box, device), decoded(await openServiceCredentialSecret(box, credential)), decoded(await openAccessKeySecret(box, key.secretCiphertext, ACCESS_KEY, ACCOUNT))],
    };
  };
  return { w, box, keys, read };
}

/** What the sweep does once a deletion window passes: the store-level path, since the KMS API refuses to delete an AWS managed key. */
async function shredDefaultKey(w: Awaited<ReturnType<typeof kmsWorld>>): Promise<string> {
  const alias = (await w.store.kms.getAlias(ACCOUNT, REGION, DEFAULT_KEY_ALIAS))!;
  await w.store.kms.updateKey(alias.keyId, { state: "PendingDeletion", deletionDate: w.clock.now(), pendingWindowDays: 7 });
  w.clock.advanceDays(1);
  assert.equal((await w.kms.sweep()).deleted, 1);
  return alias.keyId;
}

describe("secrets sealed directly under the root key move into envelopes under the account's default key", () => {
  it("old rows still open; the start-up pass reseals each under the default key with account and ARN bound, once", async (t) => {
    const { w, box, read } = await legacyWorld(t);
    const before = await read();
    assert.deepEqual(before.keys, [undefined, undefined, undefined], "all three under the root key");
    assert.deepEqual(await before.plain(), ["SEEDSEEDSEEDSEED", "api-key-secret", "access-key-secret"]);

    const kinds = rootSealedRecordKinds(w.store, box);
    assert.deepEqual(await resealOffRoot(kinds), { "mfa-seed": 1, "service-credential-secret": 1, "access-key-secret": 1 });
    const defaultArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${(await w.store.kms.getAlias(ACCOUNT, REGION, DEFAULT_KEY_ALIAS))!.keyId}`;
    const after = await read();
    assert.deepEqual(after.keys, [defaultArn, defaultArn, defaultArn]);
    assert.deepEqual(await after.plain(), ["SEEDSEEDSEEDSEED", "api-key-secret", "access-key-secret"]);
    // Bound to account and resource: the new form opens only under its own context.
    const device = (await w.store.iam.getMfaDevice(SERIAL))!;
    await assert.rejects(box.open(device.seedCiphertext, mfaSeedContext(SERIAL)), /another encryption context|could not be opened/);
    assert.deepEqual(await resealOffRoot(kinds), { "mfa-seed": 0, "service-credential-secret": 0, "access-key-secret": 0 }, "a second start does nothing");
  });

  it("a row changed between read and reseal is left to the writer (replaced only if unchanged)", async (t) => {
    const { w, box } = await legacyWorld(t);
    const [mfa] = rootSealedRecordKinds(w.store, box);
    for await (const value of mfa!.values()) {
      const fresh = await box.seal(text("NEWSEEDNEWSEED"), mfaSeedContext(SERIAL, ACCOUNT));
      assert.ok(await w.store.iam.resealMfaSeed(SERIAL, value.sealed, fresh));
      assert.equal(await value.reseal(), false);
    }
    assert.equal(await openSeed(box, (await w.store.iam.getMfaDevice(SERIAL))!), "NEWSEEDNEWSEED");
  });

  it("deleting the default key crypto-shreds MFA seeds, API-key and access-key secrets and session tokens of the account", async (t) => {
    const { w, box, read } = await legacyWorld(t);
    await resealOffRoot(rootSealedRecordKinds(w.store, box));
    const tokens = new SessionTokens(box, w.clock);
    const issued = await tokens.issue({
      principal: { type: "AssumedRole", accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, userId: "AROAAAAAAAAAAAAAAAAA:s", userName: "s", roleArn: `arn:aws:iam::${ACCOUNT}:role/r`, roleId: "AROAAAAAAAAAAAAAAAAA" },
      issuedAt: w.clock.now(), expiresAt: new Date(w.clock.now().getTime() + 30 * 86_400_000),
    });
    assert.equal((await new SessionTokens(box, w.clock).open(issued.sessionToken))?.principal.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`);

    await shredDefaultKey(w);
    const after = await read();
    await assert.rejects(after.plain());
    const device = (await w.store.iam.getMfaDevice(SERIAL))!;
    await assert.rejects(openSeed(box, device), /pending deletion|no longer exists|deleted/i);
    assert.equal(await new SessionTokens(box, w.clock).open(issued.sessionToken), undefined, "the token no longer opens, on any node");
  });

  it("session tokens: the envelope's bound principal must be the payload's; legacy root-key tokens still open", async (t) => {
    const { w, box } = await legacyWorld(t);
    const tokens = new SessionTokens(box, w.clock);
    const principal = { type: "IAMUser" as const, accountId: ACCOUNT, arn: USER_ARN, userId: USER_ID, userName: "alice" };
    const issued = await tokens.issue({ principal, issuedAt: w.clock.now(), expiresAt: new Date(w.clock.now().getTime() + 3_600_000) });
    assert.equal((await tokens.open(issued.sessionToken))?.principal.arn, USER_ARN);
    const { frameToken, encodePayload } = await import("../sts/token-format.js");
    const { sessionTokenContext } = await import("../sts/session-tokens.js");
    const payload = () => encodePayload({ principal, issuedAt: w.clock.now(), expiresAt: new Date(w.clock.now().getTime() + 3_600_000), secretAccessKey: "x".repeat(40) }, undefined);
    const mismatched = await box.seal(payload(), sessionTokenContext("ASIABBBBBBBBBBBBBBBB", { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/mallory` }));
    assert.equal(await tokens.open(frameToken("ASIABBBBBBBBBBBBBBBB", mismatched)), undefined);
    // A legacy token (root key, access key id only) still opens.
    const legacy = await box.seal(payload(), { purpose: "session-token", accessKeyId: "ASIAAAAAAAAAAAAAAAAA" });
    assert.equal(box.sealedUnder(legacy), undefined);
    assert.equal((await tokens.open(frameToken("ASIAAAAAAAAAAAAAAAAA", legacy)))?.principal.arn, USER_ARN);
  });
});
