import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { rootCertificates } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSync } from "otplib";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

/** Runs `plinth iam ...` as an operator would; `answer` may reply to prompts as output arrives. */
function plinth(args: string[], answer?: (out: string) => string | undefined, env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/plinth.js", ...args], { env: { PATH: process.env["PATH"] ?? "", ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const feed = (): void => {
      const reply = answer?.(out + err);
      if (reply !== undefined) child.stdin!.write(reply);
    };
    child.stdout!.on("data", (d: Buffer) => { out += d.toString(); feed(); });
    child.stderr!.on("data", (d: Buffer) => { err += d.toString(); feed(); });
    child.once("exit", (code) => resolve({ code: code ?? -1, out, err }));
  });
}

describe("the plinth iam CLI, against a running server", () => {
  let server: RunningServer;
  let dir: string;
  let connection: string[];
  before(async () => {
    server = await startServer({ workers: "default" });
    dir = await mkdtemp(join(tmpdir(), "plinth-cli-"));
    connection = ["--data-dir", server.dataDir, "--endpoint", server.url, "--region", server.region];
  });
  after(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("data inventory lists what the node stores, each object with its key (no secret, no content)", async () => {
    const { code, out, err } = await plinth(["data", "inventory", "--data-dir", server.dataDir]);
    assert.equal(code, 0, err);
    const objects = out.trim().split("\n").map((line) => JSON.parse(line) as { kind: string; keyArn?: string; resourceArn: string; bytes: number });
    const secret = objects.find((o) => o.kind === "access-key-secret");
    assert.ok(secret, out);
    assert.match(secret.keyArn ?? "", /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\//, "sealed under the account's default KMS key");
    assert.ok(secret.bytes > 0);
    assert.ok(!out.includes(server.credentials.secretAccessKey), "the inventory never shows what it lists");
  });

  it("create-user makes a user with a policy and keys, and says what it did", async () => {
    const policy = join(dir, "list-models.json");
    await writeFile(policy, JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:ListFoundationModels", Resource: "*" }] }));
    const { code, out, err } = await plinth(["iam", "create-user", "carol", "--policy", policy, ...connection]);
    assert.equal(code, 0, err);
    assert.match(out, /created user arn:aws:iam::\d{12}:user\/carol/);
    assert.match(out, /put inline policy 'inline'/);
    assert.match(out, /aws_access_key_id = AKIA[A-Z2-7]{16}/);
    assert.match(out, /aws_secret_access_key = \S{40}/);
  });

  it("simulate says yes, no, and why", async () => {
    const arn = `arn:aws:iam::${/arn:aws:iam::(\d{12})/.exec(server.stderr())![1]}:user/carol`;
    const allowed = await plinth(["iam", "simulate", "--principal", arn, "--action", "bedrock:ListFoundationModels", "--resource", "*", ...connection]);
    assert.equal(allowed.code, 0, allowed.err);
    assert.match(allowed.out, /^allowed\s+bedrock:ListFoundationModels/m);
    const denied = await plinth(["iam", "simulate", "--principal", arn, "--action", "bedrock:InvokeModel", "--resource", "*", ...connection]);
    assert.equal(denied.code, 1);
    assert.match(denied.out, /implicitDeny\s+bedrock:InvokeModel/);
  });

  it("enrol-mfa shows the seed and enables the device with two codes typed at its prompts", async () => {
    let seed: string | undefined;
    let answered = 0;
    const step = Math.floor(Date.now() / 30_000);
    const { code, out, err } = await plinth(["iam", "enrol-mfa", "carol", ...connection], (text) => {
      seed ??= /seed \(base32\): ([A-Z2-7]+)/.exec(text)?.[1];
      if (!seed) return undefined;
      if (answered === 0 && text.includes("first code")) return `${generateSync({ secret: seed, epoch: (step - (++answered)) * 30 })}\n`;
      if (answered === 1 && text.includes("next code")) return `${generateSync({ secret: seed, epoch: (step - 1 + (answered++)) * 30 })}\n`;
      return undefined;
    });
    assert.equal(code, 0, err + out);
    assert.match(out, /enabled arn:aws:iam::\d{12}:mfa\/carol for carol/);
  });

  it("trusts the CA of --data-dir even when NODE_EXTRA_CA_CERTS names another", async () => {
    const unrelated = join(dir, "unrelated-ca.pem");
    await writeFile(unrelated, rootCertificates[0]!);
    const administrator = /created the bootstrap administrator (\S+);/.exec(server.stderr())![1]!;
    const args = ["iam", "simulate", "--principal", administrator, "--action", "bedrock:InvokeModel", "--resource", "*"];
    const { code, out, err } = await plinth([...args, ...connection], undefined, { NODE_EXTRA_CA_CERTS: unrelated });
    assert.equal(code, 0, err);
    assert.match(out, /^allowed\s+bedrock:InvokeModel/m);
    // The same call with a data directory holding the credentials but not the CA: refused, and said how to fix it.
    const elsewhere = join(dir, "no-ca");
    await mkdir(elsewhere);
    await copyFile(server.credentialsFile, join(elsewhere, "credentials"));
    const untrusted = await plinth([...args, "--data-dir", elsewhere, "--endpoint", server.url], undefined, { NODE_EXTRA_CA_CERTS: unrelated });
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.err, new RegExp(`the certificate of ${server.url} is not trusted \\(SELF_SIGNED_CERT_IN_CHAIN\\): give --data-dir of the plinth serving it`));
  });

  it("when nothing answers, says which URL it tried and that --endpoint changes it", async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const endpoint = `https://127.0.0.1:${closed}`;
    const { code, err } = await plinth(["iam", "create-user", "dave", "--data-dir", server.dataDir, "--endpoint", endpoint]);
    assert.equal(code, 1);
    assert.equal(err, `plinth iam: Error: cannot reach plinth at ${endpoint} (ECONNREFUSED): is it running there? Give its address with --endpoint URL (plinth start prints it)\n`);
  });

  it("an API error is reported with the service's own name, and the exit code says so", async () => {
    const { code, err } = await plinth(["iam", "create-user", "carol", "--no-keys", ...connection]);
    assert.equal(code, 1);
    assert.match(err, /plinth iam: EntityAlreadyExists/);
  });
});
