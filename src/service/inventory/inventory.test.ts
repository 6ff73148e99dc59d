import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import { GuardrailControl } from "../guardrails/control.js";
import { accessKeySecretContext, serviceCredentialSecretContext } from "../identity/index.js";
import { mfaSeedContext } from "../iam/mfa-seed.js";
import { DEFAULT_KEY_ALIAS, KmsEnvelopeKeys } from "../kms/index.js";
import { ACCOUNT, OTHER, REGION, kmsWorld } from "../kms/kms.fixture.js";
import { DataInventory } from "./inventory.js";

const POLICIES = { words: [{ text: "canary-inventory", inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true }], blockedInputMessaging: "no", blockedOutputsMessaging: "no" } as const;

describe("DataInventory: every stored object by account, resource, kind, size, key and age", () => {
  it("lists MFA seeds and Bedrock API-key secrets under the account's default key", async (t) => {
    const w = await kmsWorld(t);
    const keys = new KmsEnvelopeKeys({ store: w.store.kms, rootBox: w.rootBox, clock: w.clock, region: REGION });
    const box = new EnvelopeSecretBox(rootKeyring(new RootKey(new Uint8Array(32).fill(5))), { keys });
    const userArn = `arn:aws:iam::${ACCOUNT}:user/bob`;
    await w.store.identity.createUser({ userId: "AIDABBBBBBBBBBBBBBBB", accountId: ACCOUNT, userName: "bob", path: "/", arn: userArn, createdAt: w.clock.now() });
    const serial = `arn:aws:iam::${ACCOUNT}:mfa/bob-phone`;
    await w.store.iam.createMfaDevice({ serialNumber: serial, accountId: ACCOUNT, seedCiphertext: await box.seal(new TextEncoder().encode("SEED"), mfaSeedContext(serial, ACCOUNT)), createdAt: w.clock.now() });
    await w.store.serviceCredentials.create({
      credentialId: "ACCABBBBBBBBBBBBBBBB", userId: "AIDABBBBBBBBBBBBBBBB", serviceName: "bedrock.amazonaws.com", alias: `bob-at-${ACCOUNT}-ABCDEFGH`,
      secretCiphertext: await box.seal(new TextEncoder().encode("secret"), serviceCredentialSecretContext("ACCABBBBBBBBBBBBBBBB", { accountId: ACCOUNT, arn: userArn })),
      status: "Active", createdAt: w.clock.now(),
    });
    const defaultArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${(await w.store.kms.getAlias(ACCOUNT, REGION, DEFAULT_KEY_ALIAS))!.keyId}`;
    const inventory = new DataInventory({ store: w.store, box, region: REGION, invocationLogDays: 30, accountMode: async () => "aws_review" });
    const rows = (await inventory.list(ACCOUNT)).filter((o) => o.kind !== "kms-key-material").map((o) => [o.kind, o.resourceArn, o.objectId, o.keyArn, o.retention.accountMode]);
    assert.deepEqual(rows, [
      ["service-credential-secret", userArn, "ACCABBBBBBBBBBBBBBBB", defaultArn, "aws_review"],
      ["mfa-seed", serial, "bob-phone", defaultArn, "aws_review"],
    ]);
  });

  it("lists guardrail versions, access-key secrets and invocation logs with the key each is under; a shredded key shows as Deleted", async (t) => {
    const w = await kmsWorld(t);
    const keys = new KmsEnvelopeKeys({ store: w.store.kms, rootBox: w.rootBox, clock: w.clock, region: REGION });
    const box = new EnvelopeSecretBox(rootKeyring(new RootKey(new Uint8Array(32).fill(5))), { keys });
    const control = new GuardrailControl({ store: w.store.guardrails, box, clock: w.clock, region: REGION, validate: () => undefined, keys });
    const key = await w.kms.keys.create({ accountId: ACCOUNT }, { description: "", bypassPolicyLockoutSafetyCheck: false, tags: [] });
    const id = control.newId();
    const { arn } = await control.create(ACCOUNT, id, { name: "inv", policies: POLICIES, tags: [] }, { arn: key.arn });
    await control.createVersion(await control.target(id, ACCOUNT), undefined);
    const userArn = `arn:aws:iam::${ACCOUNT}:user/alice`;
    await w.store.identity.createUser({ userId: "AIDAAAAAAAAAAAAAAAAA", accountId: ACCOUNT, userName: "alice", path: "/", arn: userArn, createdAt: w.clock.now() });
    const secretCiphertext = await box.seal(new TextEncoder().encode("s".repeat(40)), accessKeySecretContext("AKIAAAAAAAAAAAAAAAAA", ACCOUNT));
    await w.store.identity.createAccessKey({ accessKeyId: "AKIAAAAAAAAAAAAAAAAA", userId: "AIDAAAAAAAAAAAAAAAAA", secretCiphertext, status: "Active", createdAt: w.clock.now() });
    const log = await box.seal(new TextEncoder().encode("{}"), { purpose: "model-invocation-log", accountId: ACCOUNT, requestId: "req-1" });
    await w.store.invocationLogging.append({ accountId: ACCOUNT, requestId: "req-1", createdAt: w.clock.now(), ciphertext: log });
    const defaultArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${(await w.store.kms.getAlias(ACCOUNT, REGION, DEFAULT_KEY_ALIAS))!.keyId}`;

    const inventory = new DataInventory({ store: w.store, box, region: REGION, invocationLogDays: 30, accountMode: async () => "none" });
    const sealed = async () => (await inventory.list(ACCOUNT)).filter((o) => o.kind !== "kms-key-material");
    const rows = (await sealed()).map((o) => [o.kind, o.resourceArn, o.objectId, o.keyArn, o.keyState]);
    assert.deepEqual(rows, [
      ["guardrail-configuration", arn, "DRAFT", key.arn, "Enabled"],
      ["guardrail-configuration", arn, "1", key.arn, "Enabled"],
      ["access-key-secret", userArn, "AKIAAAAAAAAAAAAAAAAA", defaultArn, "Enabled"],
      ["invocation-log", `arn:aws:bedrock:${REGION}:${ACCOUNT}:model-invocation-log/req-1`, "req-1", defaultArn, "Enabled"],
    ]);
    for (const o of await inventory.list(ACCOUNT)) assert.ok(o.bytes > 100 && o.createdAt instanceof Date, o.kind);
    // Each key's material, under the root key (no key ARN), kept until the key is deleted.
    const material = (await inventory.list(ACCOUNT)).filter((o) => o.kind === "kms-key-material");
    assert.deepEqual(material.map((o) => [o.resourceArn, o.objectId, o.keyArn]).sort(), [[defaultArn, "1", undefined], [key.arn, "1", undefined]].sort());
    const retention = Object.fromEntries((await inventory.list(ACCOUNT)).map((o) => [o.kind, o.retention]));
    assert.deepEqual(retention["guardrail-configuration"], { rule: "until-deleted", accountMode: "none" });
    assert.deepEqual(retention["invocation-log"], { rule: "days", expiresAt: new Date(w.clock.now().getTime() + 30 * 86_400_000), accountMode: "none" });
    assert.deepEqual(await inventory.list(OTHER), [], "another account's objects are its own");

    await w.kms.keys.scheduleDeletion(key, 7);
    assert.deepEqual((await sealed()).slice(0, 2).map((o) => o.keyState), ["PendingDeletion", "PendingDeletion"]);
    w.clock.advanceDays(7);
    await w.kms.sweep();
    assert.deepEqual((await sealed()).map((o) => o.keyState), ["Deleted", "Deleted", "Enabled", "Enabled"], "the guardrail's bytes remain, unreadable for good");
    assert.deepEqual((await inventory.list(ACCOUNT)).filter((o) => o.kind === "kms-key-material").map((o) => o.resourceArn), [defaultArn], "the deleted key's material is gone");
  });
});
