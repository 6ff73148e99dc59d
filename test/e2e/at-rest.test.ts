import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { CreateGuardrailCommand, CreateGuardrailVersionCommand, PutModelInvocationLoggingConfigurationCommand } from "@aws-sdk/client-bedrock";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import * as IAM from "@aws-sdk/client-iam";
import { CreateKeyCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";
import { allow, bedrockAs, iamAs, policy, runtimeAs } from "./iam-admin.js";
import { filesUnder, findSecret } from "./scan.js";
import { sign } from "./sign.js";
import { stsClient } from "./sts-fixture.js";
import { h1 } from "./wire.js";

const MODEL = "meta.llama3-1-8b-instruct-v1:0";

/**
 * One run that makes every kind of object plinth stores (an access key, an MFA seed, a Bedrock
 * API key, a session token, KMS key material with a ciphertext and a data key, a guardrail and
 * its version, an invocation log record), then searches every file of the data directory, WAL
 * included, for each secret and record in every encoding it could be written in. The root key
 * file holds the root key only; the credentials file the administrator's secret only.
 */
describe("nothing stored is in plaintext anywhere in the data directory", () => {
  let upstream: Loopback;
  let server: RunningServer;
  let dataDir: string;
  let stopped = false;
  const secrets = new Map<string, string>();
  const binarySecrets = new Map<string, Uint8Array>();
  const kmsOf = () => new KMSClient({
    endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
  });
  const stop = async () => { if (!stopped) { stopped = true; await server.stop(); } };

  before(async () => {
    upstream = await startOpenAiLoopback({ apiKey: "sk-loopback-at-rest" });
    dataDir = await mkdtemp(join(tmpdir(), "plinth-e2e-at-rest-"));
    server = await startServer({
      dataDir,
      config: {
        region: "eu-west-2",
        providers: [{ id: "up", type: "openai", baseUrl: upstream.baseUrl, apiKey: "sk-loopback-at-rest", processingRegion: "eu-west-2", timeoutMs: 5000 }],
        models: [{ modelId: MODEL, provider: "up", upstreamModel: "echo-model", providerName: "Meta" }],
      },
    });
  });
  after(async () => {
    await stop();
    await upstream?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("makes one of every stored kind", async () => {
    const iam = iamAs(server);
    try {
      await iam.send(new IAM.CreateUserCommand({ UserName: "at-rest" }));
      await iam.send(new IAM.PutUserPolicyCommand({ UserName: "at-rest", PolicyName: "p", PolicyDocument: policy(allow(["sts:GetSessionToken", "bedrock:*"])) }));
      const { AccessKey } = await iam.send(new IAM.CreateAccessKeyCommand({ UserName: "at-rest" }));
      secrets.set("access-key secret", AccessKey!.SecretAccessKey!);
      const { VirtualMFADevice } = await iam.send(new IAM.CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "at-rest-phone" }));
      secrets.set("MFA seed (base32)", new TextDecoder().decode(VirtualMFADevice!.Base32StringSeed!));
      const { ServiceSpecificCredential } = await iam.send(new IAM.CreateServiceSpecificCredentialCommand({ UserName: "at-rest", ServiceName: "bedrock.amazonaws.com" }));
      secrets.set("Bedrock API key secret", ServiceSpecificCredential!.ServiceCredentialSecret!);
      const keys = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
      const { Credentials } = await stsClient(server, keys).send(new GetSessionTokenCommand({}));
      secrets.set("session secret", Credentials!.SecretAccessKey!);
    } finally {
      iam.destroy();
    }
    const kms = kmsOf();
    try {
      const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: "at rest" }));
      const plaintext = `KMSPLAINTEXT-${randomUUID()}`;
      secrets.set("KMS plaintext", plaintext);
      await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: new TextEncoder().encode(plaintext) }));
      const { Plaintext } = await kms.send(new GenerateDataKeyCommand({ KeyId: KeyMetadata!.KeyId!, KeySpec: "AES_256" }));
      binarySecrets.set("data key", Plaintext!);
    } finally {
      kms.destroy();
    }
    const control = bedrockAs(server, server.credentials);
    const word = `GUARDWORD${randomUUID().replace(/-/g, "")}`;
    secrets.set("guardrail word", word);
    const made = await control.send(new CreateGuardrailCommand({
      name: "at-rest", wordPolicyConfig: { wordsConfig: [{ text: word }] }, blockedInputMessaging: "blocked", blockedOutputsMessaging: "blocked",
    }));
    await control.send(new CreateGuardrailVersionCommand({ guardrailIdentifier: made.guardrailId! }));
    await control.send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: { textDataDeliveryEnabled: true } }));
    const prompt = `LOGGEDPROMPT-${randomUUID()}`;
    secrets.set("logged prompt", prompt);
    const out = await runtimeAs(server, server.credentials).send(new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: prompt }] }] }));
    assert.match(out.output?.message?.content?.[0]?.text ?? "", new RegExp(prompt), "the echo came back, so it was logged");
  });

  it("the inventory shows each kind, every one in an envelope under a KMS key of the account", async () => {
    const req = await sign({ url: server.url, region: server.region, credentials: server.credentials }, { method: "GET", path: "/stored-data", headers: {} });
    const answer = await h1(server, req);
    assert.equal(answer.status, 200, answer.body);
    const { storedData } = JSON.parse(answer.body) as { storedData: Array<{ kind: string; keyArn?: string }> };
    const enveloped = ["access-key-secret", "mfa-seed", "service-credential-secret", "guardrail-configuration", "invocation-log"];
    for (const kind of enveloped) {
      const objects = storedData.filter((o) => o.kind === kind);
      assert.ok(objects.length > 0, `${kind} listed`);
      for (const o of objects) assert.match(o.keyArn ?? "(root key)", /^arn:aws:kms:eu-west-2:\d{12}:key\//, kind);
    }
    assert.ok(storedData.some((o) => o.kind === "kms-key-material"));
  });

  async function scan(texts: Record<string, string>): Promise<string[]> {
    const hits: string[] = [];
    for (const [what, secret] of secrets) {
      for (const hit of await findSecret(secret, { dir: dataDir, texts })) hits.push(`${what}: ${hit}`);
    }
    for (const file of await filesUnder(dataDir)) {
      const bytes = await readFile(file).catch(() => undefined);
      for (const [what, secret] of binarySecrets) {
        if (bytes?.includes(Buffer.from(secret)) || bytes?.includes(Buffer.from(Buffer.from(secret).toString("base64")))) hits.push(`${what}: ${relative(dataDir, file)}`);
      }
    }
    return hits;
  }

  it("while running: no secret or record is in any file, WAL included", async () => {
    assert.equal(secrets.size, 7);
    const files = (await filesUnder(dataDir)).map((f) => relative(dataDir, f));
    assert.ok(files.includes("plinth.db") && files.includes("plinth.db-wal"), `the database and its WAL are searched: ${files.join(", ")}`);
    assert.deepEqual(await scan({}), []);
  });

  it("after stop: none in any file, nor in stdout or stderr", async () => {
    await stop();
    assert.deepEqual(await scan({ stdout: server.stdout(), stderr: server.stderr() }), []);
  });
});
