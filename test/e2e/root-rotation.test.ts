import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startTransitLoopback } from "../loopback/transit.js";
import type { TransitLoopback } from "../loopback/transit.js";
import { startServer } from "./harness.js";
import { trailAs } from "./iam-admin.js";
import type { RunningServer } from "./harness.js";

/** A client on a connection of its own, so that several of them reach both workers. */
const kmsOf = (server: RunningServer) => new KMSClient({
  endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1,
  requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca, keepAlive: false }) }),
});

interface Sealed { readonly keyId: string; readonly blob: Uint8Array; readonly text: string }

/** Six keys made at once (their material sealed under the root key by whichever worker served), one value under each. */
async function sealMany(server: RunningServer, label: string): Promise<Sealed[]> {
  return Promise.all(Array.from({ length: 6 }, async (_, i) => {
    const kms = kmsOf(server);
    try {
      const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: `${label} ${i}` }));
      const text = `${label} value ${i}`;
      const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: new TextEncoder().encode(text) }));
      return { keyId: KeyMetadata!.KeyId!, blob: CiphertextBlob!, text };
    } finally {
      kms.destroy();
    }
  }));
}

async function readAll(server: RunningServer, sealed: readonly Sealed[]): Promise<string[]> {
  return Promise.all(sealed.map(async (s) => {
    const kms = kmsOf(server);
    try {
      return new TextDecoder().decode((await kms.send(new DecryptCommand({ KeyId: s.keyId, CiphertextBlob: s.blob }))).Plaintext);
    } finally {
      kms.destroy();
    }
  }));
}

function plinth(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/plinth.js", ...args], { env: { PATH: process.env["PATH"] ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => { out += d.toString(); });
    child.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
    child.once("exit", (code) => resolve({ code: code ?? -1, out, err }));
  });
}

describe("plinth root rotate beside a running server with two workers", () => {
  let dataDir: string;
  let server: RunningServer;
  let before_: Sealed[];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-e2e-root-rotate-"));
    server = await startServer({ args: ["--workers", "2"], dataDir });
    before_ = await sealMany(server, "before");
  });
  after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  let afterRotation: Sealed[];

  it("rotates while the server serves: a new key file version, every key resealed, the old file removed", async () => {
    const { code, out, err } = await plinth(["root", "rotate", "--data-dir", dataDir]);
    assert.equal(code, 0, err);
    const report = JSON.parse(out) as { to: number; retired: number[]; remaining: number; resealed: Record<string, number> };
    assert.equal(report.to, 2);
    assert.deepEqual(report.retired, [1]);
    assert.equal(report.remaining, 0);
    // The six keys and the account's default key (made at bootstrap for the administrator's secret).
    assert.ok((report.resealed["kms-key-material"] ?? 0) >= 6, out);
    assert.deepEqual((await readdir(dataDir)).filter((f) => f.startsWith("root.key")), ["root.key.v2"]);
  });

  it("the rotation is in the audit trail: LookupEvents shows it from the node's operator log, and the log verifies under the data directory's key", async () => {
    const trail = trailAs(server);
    try {
      const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "RotateRootKey" }] }));
      assert.equal(Events?.length, 1);
      const record = JSON.parse(Events![0]!.CloudTrailEvent!) as Record<string, unknown> & { requestParameters: Record<string, unknown>; responseElements: Record<string, unknown>; userIdentity: Record<string, unknown> };
      assert.equal(record["eventType"], "AwsServiceEvent");
      assert.equal(record["readOnly"], false);
      assert.equal(record["errorCode"], undefined);
      assert.deepEqual(record.requestParameters, { rootKeyType: "file" });
      assert.equal(record.responseElements["toVersion"], 2);
      assert.deepEqual(record.responseElements["retiredVersions"], [1]);
      assert.equal(typeof record.userIdentity["userName"], "string");
      assert.ok(!JSON.stringify(record).includes(dataDir), "no path of the host is recorded");
    } finally {
      trail.destroy();
    }
    const verified = await plinth(["audit", "verify", "--data-dir", dataDir]);
    assert.equal(verified.code, 0, verified.out + verified.err);
    assert.match(verified.out, /\.ops: ok: 1 events/);
  });

  it("both workers go on reading what was sealed before, and seal new keys under the new version", async () => {
    assert.deepEqual(await readAll(server, before_), before_.map((s) => s.text));
    afterRotation = await sealMany(server, "after");
    assert.deepEqual(await readAll(server, afterRotation), afterRotation.map((s) => s.text));
  });

  it("after a restart (only version 2 on disk) everything made before and after the rotation opens", async () => {
    await server.stop();
    server = await startServer({ dataDir });
    assert.deepEqual(await readAll(server, [...before_, ...afterRotation]), [...before_, ...afterRotation].map((s) => s.text));
  });

  it("a second run rotates again (version 3); nothing is left to finish", async () => {
    const { code, out, err } = await plinth(["root", "rotate", "--data-dir", dataDir]);
    assert.equal(code, 0, err);
    assert.deepEqual((JSON.parse(out) as { from: number[]; to: number }).to, 3);
    assert.deepEqual((await readdir(dataDir)).filter((f) => f.startsWith("root.key")), ["root.key.v3"]);
    assert.deepEqual(await readAll(server, before_), before_.map((s) => s.text));
  });
});

describe("plinth root rotate with a Vault Transit root (loopback speaking the Transit API)", () => {
  const TOKEN = `hvs.${randomBytes(12).toString("hex")}`;
  let transit: TransitLoopback;
  let dataDir: string;
  let configFile: string;
  let server: RunningServer;
  const config = () => ({ server: { rootKey: { type: "transit", address: transit.address, keyName: "plinth-root", token: "env:VAULT_TOKEN" } } });

  before(async () => {
    transit = await startTransitLoopback({ token: TOKEN });
    transit.createKey("plinth-root");
    dataDir = await mkdtemp(join(tmpdir(), "plinth-e2e-root-rotate-transit-"));
    configFile = join(dataDir, "..", `${dataDir.split("/").pop()}-config.json`);
    await writeFile(configFile, JSON.stringify(config()), { mode: 0o600 });
    server = await startServer({ config: config(), dataDir, env: { VAULT_TOKEN: TOKEN } });
  });
  after(async () => {
    await server?.stop();
    await transit?.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(configFile, { force: true });
  });

  it("rotates the Transit key, makes root version 2 under Transit's version 2, and the server reads on; Transit's version 1 can then be retired", async () => {
    const sealed = await sealMany(server, "transit");
    const { code, out, err } = await plinth(["root", "rotate", "--data-dir", dataDir, "--config", configFile], { VAULT_TOKEN: TOKEN });
    assert.equal(code, 0, err);
    assert.deepEqual((JSON.parse(out) as { retired: number[] }).retired, [1]);
    assert.ok(transit.calls.includes("keys/plinth-root/rotate"));
    assert.ok(!out.includes(TOKEN) && !err.includes(TOKEN));
    assert.deepEqual((await readdir(dataDir)).filter((f) => f.startsWith("root.key")), ["root.key.wrapped.v2"]);
    assert.match(await readFile(join(dataDir, "root.key.wrapped.v2"), "utf8"), /"wrapped":"vault:v2:/);
    const made = await sealMany(server, "transit after");
    assert.deepEqual(await readAll(server, [...sealed, ...made]), [...sealed, ...made].map((s) => s.text));
    await server.stop();
    transit.setMinDecryptionVersion("plinth-root", 2);
    server = await startServer({ config: config(), dataDir, env: { VAULT_TOKEN: TOKEN } });
    assert.deepEqual(await readAll(server, [...sealed, ...made]), [...sealed, ...made].map((s) => s.text));
  });
});
