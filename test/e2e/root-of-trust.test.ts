import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdir, readFile, mkdtemp, rm } from "node:fs/promises";
import { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateKeyCommand, DecryptCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startTransitLoopback } from "../loopback/transit.js";
import type { TransitLoopback } from "../loopback/transit.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

const kmsOf = (server: RunningServer) => new KMSClient({
  endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
  requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }),
});
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

/** A key and a value sealed under it on `server`: both live in the store, wrapped by the root key. */
async function sealSomething(server: RunningServer): Promise<{ keyId: string; blob: Uint8Array }> {
  const kms = kmsOf(server);
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: "sealed under the root of trust" }));
  const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: new TextEncoder().encode("still readable") }));
  kms.destroy();
  return { keyId: KeyMetadata!.KeyId!, blob: CiphertextBlob! };
}

async function readBack(server: RunningServer, sealed: { keyId: string; blob: Uint8Array }): Promise<string> {
  const kms = kmsOf(server);
  try {
    return text((await kms.send(new DecryptCommand({ KeyId: sealed.keyId, CiphertextBlob: sealed.blob }))).Plaintext);
  } finally {
    kms.destroy();
  }
}

async function refusedStart(options: Parameters<typeof startServer>[0]): Promise<string> {
  try {
    const server = await startServer(options);
    await server.stop();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail("plinth started");
}

describe("root of trust: Vault Transit (loopback speaking the Transit API)", () => {
  const TOKEN = `hvs.${randomBytes(12).toString("hex")}`;
  let transit: TransitLoopback;
  let dataDir: string;
  const config = () => ({ server: { rootKey: { type: "transit", address: transit.address, keyName: "plinth-root", token: "env:VAULT_TOKEN" } } });
  const start = (token = TOKEN) => startServer({ config: config(), dataDir, env: { VAULT_TOKEN: token } });
  const logs: string[] = [];
  let sealed: { keyId: string; blob: Uint8Array };
  let wrappedAfterFirstStart = "";

  before(async () => {
    transit = await startTransitLoopback({ token: TOKEN });
    transit.createKey("plinth-root");
    dataDir = await mkdtemp(join(tmpdir(), "plinth-e2e-transit-"));
  });
  after(async () => {
    await transit.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("starts with a Transit root: the root key is a Transit data key, only its wrapped form is on disk", async () => {
    const server = await start();
    sealed = await sealSomething(server);
    logs.push(server.stdout(), server.stderr());
    await server.stop();
    assert.ok(transit.calls.includes("datakey/plaintext/plinth-root"));
    const files = await readdir(dataDir);
    assert.ok(!files.includes("root.key"), files.join(", "));
    wrappedAfterFirstStart = await readFile(join(dataDir, "root.key.wrapped"), "utf8");
    assert.match(wrappedAfterFirstStart, /"wrapped":"vault:v1:/);
  });

  it("a restart unwraps the root key through Transit decrypt and reads everything back", async () => {
    const server = await start();
    assert.equal(await readBack(server, sealed), "still readable");
    logs.push(server.stdout(), server.stderr());
    await server.stop();
    assert.ok(transit.calls.includes("decrypt/plinth-root"));
    assert.equal(wrappedAfterFirstStart, await readFile(join(dataDir, "root.key.wrapped"), "utf8"), "an unrotated key is not rewritten");
  });

  it("a wrong token refuses start with an error that names the root of trust, never the token", async () => {
    const wrong = `hvs.${randomBytes(12).toString("hex")}`;
    const message = await refusedStart({ config: config(), dataDir, env: { VAULT_TOKEN: wrong } });
    assert.match(message, /cannot start: the root of trust \(Vault Transit key plinth-root \(mount transit\) at http:\/\/127\.0\.0\.1:[0-9]+\) refused decrypt: permission denied \(HTTP 403\)/);
    assert.ok(!message.includes(wrong) && !message.includes(TOKEN));
  });

  it("after the Transit key is rotated, the next start rewraps the root key; older versions can then be retired", async () => {
    transit.rotate("plinth-root");
    const rewrapping = await start();
    logs.push(rewrapping.stdout(), rewrapping.stderr());
    await rewrapping.stop();
    assert.ok(transit.calls.includes("rewrap/plinth-root"));
    assert.match(await readFile(join(dataDir, "root.key.wrapped"), "utf8"), /"wrapped":"vault:v2:/);
    transit.setMinDecryptionVersion("plinth-root", 2);
    const server = await start();
    assert.equal(await readBack(server, sealed), "still readable");
    logs.push(server.stdout(), server.stderr());
    await server.stop();
  });

  it("switching a data directory back to the local key file is refused rather than making a new root key", async () => {
    const message = await refusedStart({ dataDir });
    assert.match(message, /held by an external root of trust \(root\.key\.wrapped\)/);
    assert.ok(!(await readdir(dataDir)).includes("root.key"));
  });

  it("a data directory started on the local key file moves to Transit at the next start, keeping everything readable", async () => {
    const movingDir = await mkdtemp(join(tmpdir(), "plinth-e2e-transit-move-"));
    try {
      const onFile = await startServer({ dataDir: movingDir });
      const before = await sealSomething(onFile);
      await onFile.stop();
      assert.ok((await readdir(movingDir)).includes("root.key"));
      const onTransit = await startServer({ config: config(), dataDir: movingDir, env: { VAULT_TOKEN: TOKEN } });
      assert.equal(await readBack(onTransit, before), "still readable");
      logs.push(onTransit.stdout(), onTransit.stderr());
      await onTransit.stop();
      const files = await readdir(movingDir);
      assert.ok(!files.includes("root.key") && files.includes("root.key.wrapped"), files.join(", "));
      assert.ok(transit.calls.includes("encrypt/plinth-root"));
    } finally {
      await rm(movingDir, { recursive: true, force: true });
    }
  });

  it("the token never appears in any log", () => {
    assert.ok(logs.length > 0);
    for (const log of logs) assert.ok(!log.includes(TOKEN));
  });
});

describe("root of trust: AWS KMS, a key of a second plinth over the real KMS wire", () => {
  let rootKms: RunningServer;
  let rootKeyArn: string;
  let dataDir: string;
  let sealed: { keyId: string; blob: Uint8Array };
  const config = () => ({
    server: {
      rootKey: {
        type: "aws-kms", keyId: rootKeyArn, region: rootKms.region, endpoint: rootKms.url,
        accessKeyId: rootKms.credentials.accessKeyId, secretAccessKey: "env:ROOT_KMS_SECRET", caFile: rootKms.caPath,
      },
    },
  });
  const start = () => startServer({ config: config(), dataDir, env: { ROOT_KMS_SECRET: rootKms.credentials.secretAccessKey } });

  before(async () => {
    rootKms = await startServer();
    const kms = kmsOf(rootKms);
    rootKeyArn = (await kms.send(new CreateKeyCommand({ Description: "root of trust of another plinth" }))).KeyMetadata!.Arn!;
    kms.destroy();
    dataDir = await mkdtemp(join(tmpdir(), "plinth-e2e-kms-root-"));
  });
  after(async () => {
    await rootKms.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("starts with the other plinth's key as root (GenerateDataKey), restarts (Decrypt) and reads everything back", async () => {
    const first = await start();
    sealed = await sealSomething(first);
    await first.stop();
    assert.ok(!(await readdir(dataDir)).includes("root.key"));
    const second = await start();
    assert.equal(await readBack(second, sealed), "still readable");
    for (const log of [first.stdout(), first.stderr(), second.stdout(), second.stderr()]) {
      assert.ok(!log.includes(rootKms.credentials.secretAccessKey));
    }
    await second.stop();
  });

  it("with the root key disabled in the root KMS, start is refused naming the root of trust and not the credentials", async () => {
    const kms = kmsOf(rootKms);
    await kms.send(new DisableKeyCommand({ KeyId: rootKeyArn }));
    try {
      const message = await refusedStart({ config: config(), dataDir, env: { ROOT_KMS_SECRET: rootKms.credentials.secretAccessKey } });
      assert.match(message, /the root of trust \(AWS KMS key arn:aws:kms:[^)]+\) refused Decrypt: DisabledException/);
      assert.ok(!message.includes(rootKms.credentials.secretAccessKey));
    } finally {
      await kms.send(new EnableKeyCommand({ KeyId: rootKeyArn }));
      kms.destroy();
    }
    const server = await start();
    assert.equal(await readBack(server, sealed), "still readable");
    await server.stop();
  });
});
