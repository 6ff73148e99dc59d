import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Agent } from "node:https";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, DescribeKeyCommand, DisableKeyCommand,
  EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand, GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, GetKeyPolicyCommand,
  GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand, PutKeyPolicyCommand, ReEncryptCommand,
  RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, TagResourceCommand, UntagResourceCommand, UpdateAliasCommand,
} from "@aws-sdk/client-kms";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { failsWith, trailAs } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";
import { userWithPolicy } from "./net-iam.js";
import { findSecret } from "./scan.js";

const CANARY = `KMSCANARY-${randomUUID()}`;
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

/**
 * plinth's KMS driven by the official @aws-sdk/client-kms: keys, aliases, encryption bound to
 * its context, data keys, rotation, disabling, scheduled deletion, key policies (which must
 * allow, as in KMS) and tags; every call in the audit trail; no plaintext anywhere on disk or
 * in the logs.
 */
describe("KMS through @aws-sdk/client-kms", () => {
  let server: RunningServer;
  let admin: KMSClient;
  let keyId = "";
  let keyArn = "";
  const kmsAs = (credentials: Keys) => new KMSClient({
    endpoint: server.url, region: server.region, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
  });

  before(async () => {
    server = await startServer();
    admin = kmsAs(server.credentials);
  });
  after(async () => { await server?.stop(); });

  it("creates a symmetric key and describes it by id, ARN and alias", async () => {
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({ Description: "e2e key", Tags: [{ TagKey: "team", TagValue: "platform" }] }));
    keyId = KeyMetadata!.KeyId!;
    keyArn = KeyMetadata!.Arn!;
    assert.match(keyArn, new RegExp(`^arn:aws:kms:${server.region}:\\d{12}:key/${keyId}$`));
    assert.equal(KeyMetadata!.KeyState, "Enabled");
    assert.equal(KeyMetadata!.KeySpec, "SYMMETRIC_DEFAULT");
    assert.ok(KeyMetadata!.CreationDate instanceof Date);
    await admin.send(new CreateAliasCommand({ AliasName: "alias/e2e", TargetKeyId: keyId }));
    for (const name of [keyId, keyArn, "alias/e2e", keyArn.replace(`key/${keyId}`, "alias/e2e")]) {
      assert.equal((await admin.send(new DescribeKeyCommand({ KeyId: name }))).KeyMetadata!.Arn, keyArn, name);
    }
    const { Keys } = await admin.send(new ListKeysCommand({}));
    assert.ok(Keys!.some((k) => k.KeyArn === keyArn));
    const { Aliases } = await admin.send(new ListAliasesCommand({ KeyId: keyId }));
    assert.deepEqual(Aliases!.map((a) => a.AliasName), ["alias/e2e"]);
    await failsWith(admin.send(new CreateAliasCommand({ AliasName: "alias/e2e", TargetKeyId: keyId })), "AlreadyExistsException");
    await failsWith(admin.send(new DescribeKeyCommand({ KeyId: "alias/none" })), "NotFoundException");
  });

  it("refuses what it cannot make, naming the member", async () => {
    await failsWith(admin.send(new CreateKeyCommand({ KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" })), "UnsupportedOperationException", /KeySpec/);
    await failsWith(admin.send(new CreateKeyCommand({ KeyUsage: "SIGN_VERIFY" })), "UnsupportedOperationException", /KeyUsage/);
    await failsWith(admin.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 6 })), "ValidationException", /PendingWindowInDays/);
  });

  it("encrypts and decrypts with an encryption context; a wrong context is an InvalidCiphertextException", async () => {
    const ctx = { project: "alpha", purpose: "e2e" };
    const enc = await admin.send(new EncryptCommand({ KeyId: "alias/e2e", Plaintext: bytes(CANARY), EncryptionContext: ctx }));
    assert.equal(enc.KeyId, keyArn);
    assert.equal(Buffer.from(enc.CiphertextBlob!).indexOf(Buffer.from(CANARY)), -1);
    const dec = await admin.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { purpose: "e2e", project: "alpha" } }));
    assert.equal(text(dec.Plaintext), CANARY);
    assert.equal(dec.KeyId, keyArn);
    await failsWith(admin.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { project: "beta", purpose: "e2e" } })), "InvalidCiphertextException");
    await failsWith(admin.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })), "InvalidCiphertextException");
    await failsWith(admin.send(new DecryptCommand({ CiphertextBlob: bytes("not a ciphertext of ours at all, no") })), "InvalidCiphertextException");
  });

  it("generates data keys, with and without plaintext, that decrypt under the key; ReEncrypt moves a ciphertext", async () => {
    const dk = await admin.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256", EncryptionContext: { use: "dk" } }));
    assert.equal(dk.Plaintext!.length, 32);
    const opened = await admin.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { use: "dk" } }));
    assert.deepEqual(Buffer.from(opened.Plaintext!), Buffer.from(dk.Plaintext!));
    const bare = await admin.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, NumberOfBytes: 16 }));
    assert.equal((bare as { Plaintext?: unknown }).Plaintext, undefined);
    assert.equal((await admin.send(new DecryptCommand({ CiphertextBlob: bare.CiphertextBlob }))).Plaintext!.length, 16);
    await failsWith(admin.send(new GenerateDataKeyCommand({ KeyId: keyId })), "ValidationException", /KeySpec/);

    const other = (await admin.send(new CreateKeyCommand({}))).KeyMetadata!;
    const moved = await admin.send(new ReEncryptCommand({ CiphertextBlob: dk.CiphertextBlob, SourceEncryptionContext: { use: "dk" }, DestinationKeyId: other.KeyId }));
    assert.equal(moved.SourceKeyId, keyArn);
    assert.equal(moved.KeyId, other.Arn);
    assert.deepEqual(Buffer.from((await admin.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob }))).Plaintext!), Buffer.from(dk.Plaintext!));
    await failsWith(admin.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob, KeyId: keyId })), "IncorrectKeyException");
    await admin.send(new UpdateAliasCommand({ AliasName: "alias/e2e", TargetKeyId: other.KeyId }));
    assert.equal((await admin.send(new DescribeKeyCommand({ KeyId: "alias/e2e" }))).KeyMetadata!.Arn, other.Arn);
    await admin.send(new DeleteAliasCommand({ AliasName: "alias/e2e" }));
    await failsWith(admin.send(new DescribeKeyCommand({ KeyId: "alias/e2e" })), "NotFoundException");
  });

  it("rotation: old ciphertexts still decrypt, new ones use the new material", async () => {
    const before = await admin.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes("before") }));
    await admin.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }));
    const status = await admin.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    assert.equal(status.KeyRotationEnabled, true);
    assert.equal(status.RotationPeriodInDays, 90);
    assert.ok(status.NextRotationDate instanceof Date);
    await admin.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    const after = await admin.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes("after") }));
    assert.notDeepEqual(Buffer.from(before.CiphertextBlob!).subarray(18, 22), Buffer.from(after.CiphertextBlob!).subarray(18, 22), "another material version");
    assert.equal(text((await admin.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }))).Plaintext), "before");
    assert.equal(text((await admin.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }))).Plaintext), "after");
    assert.ok((await admin.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).OnDemandRotationStartDate instanceof Date);
  });

  it("a disabled key is refused with DisabledException until enabled", async () => {
    const enc = await admin.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes("x") }));
    await admin.send(new DisableKeyCommand({ KeyId: keyId }));
    assert.equal((await admin.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.Enabled, false);
    await failsWith(admin.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes("x") })), "DisabledException");
    await failsWith(admin.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })), "DisabledException");
    await admin.send(new EnableKeyCommand({ KeyId: keyId }));
    await admin.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
  });

  it("scheduled deletion makes the key unusable (KMSInvalidStateException) until cancelled, when it comes back Disabled", async () => {
    const doomed = (await admin.send(new CreateKeyCommand({}))).KeyMetadata!;
    const out = await admin.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }));
    assert.equal(out.KeyState, "PendingDeletion");
    assert.equal(out.PendingWindowInDays, 7);
    const days = (out.DeletionDate!.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `deletion in ${days} days`);
    await failsWith(admin.send(new EncryptCommand({ KeyId: doomed.KeyId, Plaintext: bytes("x") })), "KMSInvalidStateException");
    await failsWith(admin.send(new EnableKeyCommand({ KeyId: doomed.KeyId })), "KMSInvalidStateException");
    await admin.send(new CancelKeyDeletionCommand({ KeyId: doomed.KeyId }));
    assert.equal((await admin.send(new DescribeKeyCommand({ KeyId: doomed.KeyId }))).KeyMetadata!.KeyState, "Disabled");
  });

  it("tags: list, add, remove", async () => {
    await admin.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: "env", TagValue: "test" }] }));
    await admin.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ["team"] }));
    assert.deepEqual((await admin.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags, [{ TagKey: "env", TagValue: "test" }]);
    await failsWith(admin.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: "aws:x", TagValue: "y" }] })), "TagException");
  });

  it("the key policy decides: a user allowed by IAM is refused once the key policy denies him, and an encryption-context condition applies", async () => {
    const user = await userWithPolicy(server, "kms-user", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] });
    const kms = kmsAs(user);
    // The default key policy names the account: the user's IAM policy lets him in.
    await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes("ok") }));
    const account = keyArn.split(":")[4];
    const userArn = `arn:aws:iam::${account}:user/kms-user`;
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [
      { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
      { Sid: "OnlyAlpha", Effect: "Deny", Principal: { AWS: userArn }, Action: "kms:Encrypt", Resource: "*",
        Condition: { StringNotEquals: { "kms:EncryptionContext:project": "alpha" } } },
    ] });
    await admin.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: "default", Policy: policy }));
    assert.equal((await admin.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" }))).Policy, policy);
    const denied = await failsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes("x") })), "AccessDeniedException");
    assert.match(denied.message, /kms:Encrypt/);
    await failsWith(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes("x"), EncryptionContext: { project: "beta" } })), "AccessDeniedException");
    await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes("x"), EncryptionContext: { project: "alpha" } }));

    // A key policy that names neither the account nor the user: IAM grants nothing on the key.
    const own = (await admin.send(new CreateKeyCommand({}))).KeyMetadata!;
    await admin.send(new PutKeyPolicyCommand({ KeyId: own.KeyId, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: ["kms:PutKeyPolicy", "kms:GetKeyPolicy"], Resource: "*" },
    ] }), BypassPolicyLockoutSafetyCheck: false }));
    await failsWith(kms.send(new EncryptCommand({ KeyId: own.KeyId, Plaintext: bytes("x") })), "AccessDeniedException");
    // The lockout safety check: a policy that would stop the caller from changing it again is refused.
    await failsWith(admin.send(new PutKeyPolicyCommand({ KeyId: own.KeyId, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [
      { Effect: "Allow", Principal: { AWS: userArn }, Action: "kms:Encrypt", Resource: "*" },
    ] }) })), "MalformedPolicyDocumentException");
    kms.destroy();
  });

  it("every KMS call is in the audit trail, with the key's ARN and no plaintext", async () => {
    const trail = trailAs(server);
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "kms.amazonaws.com" }], MaxResults: 50 }));
    const names = new Set(Events!.map((e) => e.EventName));
    for (const name of ["CreateKey", "Encrypt", "Decrypt", "GenerateDataKey", "ReEncrypt", "PutKeyPolicy", "ScheduleKeyDeletion"]) assert.ok(names.has(name), name);
    const encrypt = Events!.map((e) => JSON.parse(e.CloudTrailEvent!)).find((e) => e.eventName === "Encrypt" && e.requestParameters?.keyId === keyArn);
    assert.ok(encrypt, "an Encrypt event names the key's ARN");
    assert.ok(encrypt.resources.some((r: { ARN: string }) => r.ARN === keyArn));
    trail.destroy();
  });

  it("the canary plaintext appears nowhere: not in the data directory, not in the logs", async () => {
    const hits = await findSecret(CANARY, { texts: { stdout: server.stdout(), stderr: server.stderr() }, dir: server.dataDir });
    assert.deepEqual(hits, []);
  });
});
