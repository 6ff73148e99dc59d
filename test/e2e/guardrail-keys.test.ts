import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "node:https";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { CreateGuardrailCommand, CreateGuardrailVersionCommand, GetGuardrailCommand, UpdateGuardrailCommand } from "@aws-sdk/client-bedrock";
import { ApplyGuardrailCommand, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from "@aws-sdk/client-kms";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { dataCommand } from "../../src/cli/data.js";
import { isFault } from "../../src/kernel/index.js";
import { guardrailContext } from "../../src/service/guardrails/sealing.js";
import { SQLITE_FILE } from "../../src/store/index.js";
import { MODELS, startE2e } from "./fixture.js";
import type { E2e } from "./fixture.js";
import { allow, bedrockAs, failsWith, policy } from "./iam-admin.js";
import { userWithPolicy } from "./net-iam.js";
import { storedBox } from "./stored-box.js";

const WORD = "project kestrel";
const BLOCKED = "Blocked by the keyed guardrail.";

/**
 * Guardrails under customer keys, end to end with @aws-sdk/client-bedrock and client-kms: a
 * kmsKeyId (alias) is shown back as kmsKeyArn; a caller IAM does not let use the key is refused
 * naming the KMS action; a disabled key stops the guardrail (GetGuardrail and inference) until
 * enabled; once the key's deletion window has passed, the guardrail is gone for everyone and the
 * bytes in the SQLite file cannot be opened even with the deployment's root key.
 */
describe("guardrails sealed under a customer-managed KMS key", () => {
  let e2e: E2e;
  let kms: KMSClient;
  let keyArn = "";
  let keyId = "";
  let guardrailId = "";
  let guardrailArn = "";

  let dataDir = "";

  before(async () => {
    // Our own data directory, kept past the server's stop so the last test can read its files.
    dataDir = await mkdtemp(join(tmpdir(), "plinth-e2e-keys-"));
    e2e = await startE2e({ dataDir });
    kms = new KMSClient({
      endpoint: e2e.server.url, region: e2e.server.region, credentials: e2e.server.credentials, maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: e2e.server.ca }) }),
    });
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: "guardrails" }));
    keyArn = KeyMetadata!.Arn!;
    keyId = KeyMetadata!.KeyId!;
    await kms.send(new CreateAliasCommand({ AliasName: "alias/guardrails", TargetKeyId: keyId }));
  });
  after(async () => { kms?.destroy(); await e2e?.stop().catch(() => undefined); await rm(dataDir, { recursive: true, force: true }); });

  const converse = () => e2e.runtime().send(new ConverseCommand({
    modelId: MODELS.echo, messages: [{ role: "user", content: [{ text: `tell me about ${WORD}` }] }],
    guardrailConfig: { guardrailIdentifier: guardrailId, guardrailVersion: "DRAFT" },
  }));

  it("CreateGuardrail with kmsKeyId (an alias): GetGuardrail answers the key's ARN, and inference applies it", async () => {
    const made = await e2e.control().send(new CreateGuardrailCommand({
      name: "keyed", kmsKeyId: "alias/guardrails", wordPolicyConfig: { wordsConfig: [{ text: WORD }] },
      blockedInputMessaging: BLOCKED, blockedOutputsMessaging: BLOCKED,
    }));
    guardrailId = made.guardrailId!;
    guardrailArn = made.guardrailArn!;
    assert.equal((await e2e.control().send(new GetGuardrailCommand({ guardrailIdentifier: guardrailId }))).kmsKeyArn, keyArn);
    assert.equal((await converse()).output!.message!.content![0]!.text, BLOCKED);
  });

  it("without kmsKeyId, GetGuardrail shows none, and the account's default key alias/aws/bedrock exists", async () => {
    const made = await e2e.control().send(new CreateGuardrailCommand({
      name: "unkeyed", wordPolicyConfig: { wordsConfig: [{ text: WORD }] }, blockedInputMessaging: BLOCKED, blockedOutputsMessaging: BLOCKED,
    }));
    assert.equal((await e2e.control().send(new GetGuardrailCommand({ guardrailIdentifier: made.guardrailId! }))).kmsKeyArn, undefined);
    const managed = (await kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/bedrock" }))).KeyMetadata!;
    assert.equal(managed.KeyManager, "AWS");
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyManager, "CUSTOMER");
    await failsWith(kms.send(new ScheduleKeyDeletionCommand({ KeyId: managed.KeyId, PendingWindowInDays: 7 })), "UnsupportedOperationException", /AWS managed key/);
    await failsWith(kms.send(new DisableKeyCommand({ KeyId: managed.Arn })), "UnsupportedOperationException");
  });

  it("a caller whose policies do not allow using the key is refused, naming the KMS action; an unknown key is not found", async () => {
    const creds = await userWithPolicy(e2e.server, "guardrail-maker", JSON.parse(policy(allow("bedrock:*"))));
    const bedrock = bedrockAs(e2e.server, creds);
    const input = { name: "denied", wordPolicyConfig: { wordsConfig: [{ text: WORD }] }, blockedInputMessaging: BLOCKED, blockedOutputsMessaging: BLOCKED };
    await failsWith(bedrock.send(new CreateGuardrailCommand({ ...input, kmsKeyId: keyArn })), "AccessDeniedException", /kms:GenerateDataKey/);
    await failsWith(bedrock.send(new UpdateGuardrailCommand({ guardrailIdentifier: guardrailId, ...input, kmsKeyId: keyId })), "AccessDeniedException", /kms:/);
    await failsWith(e2e.control().send(new CreateGuardrailCommand({ ...input, kmsKeyId: "alias/none" })), "ResourceNotFoundException", /KMS key/);
    // Reading a configuration back, or versioning it, uses the key too.
    await failsWith(bedrock.send(new GetGuardrailCommand({ guardrailIdentifier: guardrailId })), "AccessDeniedException", /kms:Decrypt/);
    await failsWith(bedrock.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: guardrailId })), "AccessDeniedException", /kms:/);
    bedrock.destroy();
  });

  it("using the guardrail (Converse naming it, ApplyGuardrail) also needs kms:Decrypt on its key, as in Bedrock", async () => {
    const text = `tell me about ${WORD}`;
    const use = (creds: { accessKeyId: string; secretAccessKey: string }) => {
      const runtime = e2e.runtime({ credentials: creds });
      return {
        converse: () => runtime.send(new ConverseCommand({
          modelId: MODELS.echo, messages: [{ role: "user", content: [{ text }] }],
          guardrailConfig: { guardrailIdentifier: guardrailId, guardrailVersion: "DRAFT" },
        })),
        apply: () => runtime.send(new ApplyGuardrailCommand({ guardrailIdentifier: guardrailArn, guardrailVersion: "DRAFT", source: "INPUT", content: [{ text: { text } }] })),
        done: () => runtime.destroy(),
      };
    };
    const without = use(await userWithPolicy(e2e.server, "guardrail-user", JSON.parse(policy(allow("bedrock:*")))));
    await failsWith(without.converse(), "AccessDeniedException", /kms:Decrypt/);
    await failsWith(without.apply(), "AccessDeniedException", /kms:Decrypt/);
    without.done();
    const withKey = use(await userWithPolicy(e2e.server, "guardrail-key-user", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "bedrock:*", Resource: "*" }, { Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn }],
    }));
    assert.equal((await withKey.converse()).output!.message!.content![0]!.text, BLOCKED);
    assert.equal((await withKey.apply()).action, "GUARDRAIL_INTERVENED");
    withKey.done();
  });

  it("a disabled key: GetGuardrail and inference with the guardrail fail closed, naming the key; enabling it restores both", async () => {
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    await failsWith(e2e.control().send(new GetGuardrailCommand({ guardrailIdentifier: guardrailId })), "ValidationException", /is disabled/);
    await failsWith(converse(), "ValidationException", /is disabled/);
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    assert.equal((await converse()).output!.message!.content![0]!.text, BLOCKED);
  });

  it("crypto-shredding: past the deletion window the guardrail is not found and its stored bytes open for no one, plinth included", async () => {
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    await failsWith(converse(), "ConflictException", /pending deletion/);
    // The server's clock cannot be moved from here: the window is made to have passed by moving
    // the key's deletion date into the past, in the database the server reads.
    const db = new Database(join(dataDir, SQLITE_FILE));
    db.pragma("busy_timeout = 5000");
    db.prepare("UPDATE kms_keys SET deletion_date = ? WHERE key_id = ?").run(new Date(Date.now() - 1000).toISOString(), keyId);
    db.close();
    await failsWith(e2e.control().send(new GetGuardrailCommand({ guardrailIdentifier: guardrailId })), "ResourceNotFoundException", new RegExp(`KMS key ${keyArn} no longer exists`));
    await failsWith(converse(), "ResourceNotFoundException", /no longer exists/);
    await e2e.server.stop();

    // Now with the deployment's own root key and store, as plinth itself would read them.
    const raw = new Database(join(dataDir, SQLITE_FILE), { readonly: true });
    const row = raw.prepare("SELECT sealed FROM guardrails WHERE guardrail_id = ?").get(guardrailId) as { sealed: Buffer };
    const material = raw.prepare("SELECT count(*) AS n FROM kms_key_material WHERE key_id = ?").get(keyId) as { n: number };
    raw.close();
    assert.equal(material.n, 0, "the key's material is deleted");
    assert.equal(row.sealed.indexOf(Buffer.from(WORD)), -1, "no plaintext on disk");
    const stored = await storedBox(dataDir, e2e.server.region);
    try {
      const { box, rootBox } = stored;
      assert.deepEqual(box.sealedUnder(new Uint8Array(row.sealed)), { arn: keyArn });
      const accountId = guardrailArn.split(":")[4]!;
      await assert.rejects(box.open(new Uint8Array(row.sealed), guardrailContext(accountId, guardrailArn, "DRAFT")),
        (e: unknown) => isFault(e) && e.kind === "not-found" && /no longer exists/.test(e.message));
      // Nor under the root key alone: the data key was never wrapped by it.
      await assert.rejects(rootBox.open(new Uint8Array(row.sealed), guardrailContext(accountId, guardrailArn, "DRAFT")));
    } finally {
      await stored.close();
    }

    // The inventory says so: the guardrail's DRAFT is still stored, under a key that is gone.
    const configFile = join(dataDir, "inventory-config.json");
    await writeFile(configFile, JSON.stringify({ region: e2e.server.region }));
    const lines: string[] = [];
    const accountId = guardrailArn.split(":")[4]!;
    assert.equal(await dataCommand(["inventory", "--data-dir", dataDir, "--config", configFile, "--account", accountId], {}, (l) => lines.push(l)), 0);
    const objects = lines.map((l) => JSON.parse(l) as { kind: string; resourceArn: string; keyArn?: string; keyState?: string; bytes: number });
    const shredded = objects.find((o) => o.resourceArn === guardrailArn)!;
    assert.deepEqual([shredded.kind, shredded.keyArn, shredded.keyState], ["guardrail-configuration", keyArn, "Deleted"]);
    assert.ok(objects.some((o) => o.kind === "access-key-secret" && o.keyState === "Enabled" && o.keyArn !== undefined), "the administrator's secret, under the default key");
    assert.ok(!lines.join("\n").includes(WORD), "the inventory holds no content");
  });
});
