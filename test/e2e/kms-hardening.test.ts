import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:https";
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, GetKeyPolicyCommand, ListAliasesCommand, UpdateAliasCommand, EncryptCommand, KMSClient, PutKeyPolicyCommand, ScheduleKeyDeletionCommand } from "@aws-sdk/client-kms";
import { CreateAccountCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { failsWith } from "./iam-admin.js";
import type { Keys } from "./iam-admin.js";
import { organizationsClient } from "./org-clients.js";
import { stsClient, temporaryKeys } from "./sts-fixture.js";

/**
 * What a key policy relies on and a hostile caller would probe, through @aws-sdk/client-kms:
 * condition keys plinth must supply (kms:TrailingDaysWithoutKeyUsage; the key's own facts in the
 * lockout safety check), the spellings each KeyId takes, and which operations reach across
 * accounts.
 */
describe("KMS key policies hold against a hostile caller", () => {
  let server: RunningServer;
  let admin: KMSClient;
  let account = "";
  const root = () => ({ AWS: `arn:aws:iam::${account}:root` });
  const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

  const kmsAs = (credentials: Keys) => new KMSClient({
    endpoint: server.url, region: server.region, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
  });

  before(async () => {
    server = await startServer();
    admin = kmsAs(server.credentials);
    account = (await admin.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!.split(":")[4]!;
  });
  after(async () => { admin?.destroy(); await server?.stop(); });

  it("an alias names a key only where KMS takes one (DescribeKey and cryptography); elsewhere, and as an alias's target, it names nothing", async () => {
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({}));
    await admin.send(new CreateAliasCommand({ AliasName: "alias/spelling", TargetKeyId: KeyMetadata!.KeyId }));
    const aliasArn = KeyMetadata!.Arn!.replace(`key/${KeyMetadata!.KeyId}`, "alias/spelling");
    for (const name of ["alias/spelling", aliasArn]) {
      assert.equal((await admin.send(new DescribeKeyCommand({ KeyId: name }))).KeyMetadata!.Arn, KeyMetadata!.Arn);
      await admin.send(new EncryptCommand({ KeyId: name, Plaintext: new TextEncoder().encode("x") }));
      await failsWith(admin.send(new ScheduleKeyDeletionCommand({ KeyId: name, PendingWindowInDays: 7 })), "NotFoundException");
      await failsWith(admin.send(new DisableKeyCommand({ KeyId: name })), "NotFoundException");
      await failsWith(admin.send(new GetKeyPolicyCommand({ KeyId: name, PolicyName: "default" })), "NotFoundException");
      await failsWith(admin.send(new CreateAliasCommand({ AliasName: "alias/second", TargetKeyId: name })), "NotFoundException");
      await failsWith(admin.send(new UpdateAliasCommand({ AliasName: "alias/spelling", TargetKeyId: name })), "NotFoundException");
      await failsWith(admin.send(new ListAliasesCommand({ KeyId: name })), "NotFoundException");
    }
    await admin.send(new EnableKeyCommand({ KeyId: KeyMetadata!.Arn }));
  });

  it("another account that a key policy lets in may use the key and describe it, but not manage it (KMS: no cross-account management)", async () => {
    const org = organizationsClient(server);
    const { CreateAccountStatus } = await org.send(new CreateAccountCommand({ AccountName: "kms-other", Email: "kms-other@example.com" }));
    const other = CreateAccountStatus!.AccountId!;
    const { Credentials } = await stsClient(server).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${other}:role/OrganizationAccountAccessRole`, RoleSessionName: "outsider" }));
    const outsider = kmsAs(temporaryKeys(Credentials));
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({ Policy: doc(
      { Effect: "Allow", Principal: root(), Action: "kms:*", Resource: "*" },
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${other}:root` }, Action: "kms:*", Resource: "*" },
    ) }));
    const arn = KeyMetadata!.Arn!;
    await outsider.send(new EncryptCommand({ KeyId: arn, Plaintext: new TextEncoder().encode("x") }));
    assert.equal((await outsider.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata!.Arn, arn);
    await failsWith(outsider.send(new ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: 7 })), "NotFoundException");
    await failsWith(outsider.send(new DisableKeyCommand({ KeyId: arn })), "NotFoundException");
    await failsWith(outsider.send(new PutKeyPolicyCommand({ KeyId: arn, Policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${other}:root` }, Action: "kms:*", Resource: "*" }), BypassPolicyLockoutSafetyCheck: true })), "NotFoundException");
    await failsWith(outsider.send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: "default" })), "NotFoundException");
    await failsWith(outsider.send(new ListAliasesCommand({ KeyId: arn })), "NotFoundException");
    assert.equal((await admin.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata!.KeyState, "Enabled");
    outsider.destroy();
    org.destroy();
  });

  it("a Deny on kms:TrailingDaysWithoutKeyUsage keeps a recently used key from being disabled or scheduled for deletion", async () => {
    const policy = doc(
      { Effect: "Allow", Principal: root(), Action: "kms:*", Resource: "*" },
      { Effect: "Deny", Principal: "*", Action: ["kms:ScheduleKeyDeletion", "kms:DisableKey"], Resource: "*",
        Condition: { NumericLessThan: { "kms:TrailingDaysWithoutKeyUsage": "30" } } },
    );
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({ Policy: policy }));
    await admin.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: new TextEncoder().encode("x") }));
    await failsWith(admin.send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata!.KeyId, PendingWindowInDays: 7 })), "AccessDeniedException");
    await failsWith(admin.send(new DisableKeyCommand({ KeyId: KeyMetadata!.KeyId })), "AccessDeniedException");
  });

  it("the lockout check supplies the key's condition keys: an Allow conditioned on them is accepted", async () => {
    const conditioned = doc({ Effect: "Allow", Principal: root(), Action: "kms:*", Resource: "*", Condition: {
      StringEquals: { "kms:CallerAccount": account, "kms:KeySpec": "SYMMETRIC_DEFAULT", "kms:KeyUsage": "ENCRYPT_DECRYPT", "kms:KeyOrigin": "AWS_KMS", "aws:ResourceTag/team": "platform" },
      Bool: { "kms:BypassPolicyLockoutSafetyCheck": "false" },
    } });
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({ Policy: conditioned, Tags: [{ TagKey: "team", TagValue: "platform" }] }));
    await admin.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, Policy: conditioned }));
    // Without the tag the same policy would lock the caller out.
    await failsWith(admin.send(new CreateKeyCommand({ Policy: conditioned })), "MalformedPolicyDocumentException");
  });

  it("the lockout check supplies the key's condition keys: a Deny conditioned on them is not ignored", async () => {
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({}));
    const denying = doc(
      { Effect: "Allow", Principal: root(), Action: "kms:*", Resource: "*" },
      { Effect: "Deny", Principal: "*", Action: "kms:PutKeyPolicy", Resource: "*", Condition: { StringEquals: { "kms:KeyOrigin": "AWS_KMS" } } },
    );
    await failsWith(admin.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, Policy: denying })), "MalformedPolicyDocumentException");
    await failsWith(admin.send(new CreateKeyCommand({ Policy: denying })), "MalformedPolicyDocumentException");
  });
});
