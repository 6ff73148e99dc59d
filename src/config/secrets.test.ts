import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { inspect } from "node:util";
import { Sensitive } from "../kernel/index.js";
import { ConfigError, createConfigValidator, loadConfig } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "plinth-config-secrets-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const validator = createConfigValidator();
mkdirSync(join(dir, "conf", "secrets"), { recursive: true });
writeFileSync(join(dir, "conf", "secrets", "anthropic.key"), "sk-ant-from-file\n");
writeFileSync(join(dir, "conf", "secrets", "empty.key"), "\n");
writeFileSync(join(dir, "conf", "secrets", "crlf.key"), "line-one\r\n");

function load(providers: unknown[], env: Record<string, string | undefined> = {}) {
  const file = join(dir, "conf", "plinth.yaml");
  writeFileSync(file, JSON.stringify({ providers }));
  return loadConfig({ file, env, cwd: "/" }, validator);
}

function refusal(providers: unknown[], env: Record<string, string | undefined> = {}): string[] {
  try {
    load(providers, env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail("the configuration was accepted");
}

const anthropic = (apiKey: string) => ({ id: "a", type: "anthropic", processingRegion: "us", apiKey });

describe("secret references", () => {
  it("env:NAME reads the environment passed in", () => {
    const [provider] = load([anthropic("env:ANTHROPIC_KEY")], { ANTHROPIC_KEY: "sk-ant-env" }).providers;
    assert.ok(provider?.type === "anthropic" && provider.apiKey instanceof Sensitive);
    assert.equal(provider.apiKey.reveal(), "sk-ant-env");
    assert.equal(inspect(provider), inspect(provider).replaceAll("sk-ant-env", ""), "inspect shows the key");
  });

  it("file:PATH is relative to the configuration file's directory and loses one final newline", () => {
    const [a, b] = load([anthropic("file:secrets/anthropic.key"), { ...anthropic("file:secrets/crlf.key"), id: "b" }]).providers;
    assert.ok(a?.type === "anthropic" && b?.type === "anthropic");
    assert.equal(a.apiKey.reveal(), "sk-ant-from-file");
    assert.equal(b.apiKey.reveal(), "line-one");
  });

  it("file: also takes an absolute path", () => {
    const [provider] = load([anthropic(`file:${join(dir, "conf", "secrets", "anthropic.key")}`)]).providers;
    assert.ok(provider?.type === "anthropic");
    assert.equal(provider.apiKey.reveal(), "sk-ant-from-file");
  });

  it("inline secrets are kept as given, wrapped", () => {
    const [provider] = load([anthropic("sk-ant-inline")]).providers;
    assert.ok(provider?.type === "anthropic");
    assert.equal(provider.apiKey.reveal(), "sk-ant-inline");
  });

  it("bedrock's access key id and secrets resolve the same way", () => {
    const [provider] = load([{ id: "b", type: "bedrock", region: "eu-west-2", accessKeyId: "env:AK", secretAccessKey: "env:SK", sessionToken: "file:secrets/anthropic.key" }],
      { AK: "AKIAIOSFODNN7EXAMPLE", SK: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }).providers;
    assert.ok(provider?.type === "bedrock");
    assert.equal(provider.credentials?.accessKeyId, "AKIAIOSFODNN7EXAMPLE");
    assert.equal(provider.credentials?.secretAccessKey.reveal(), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    assert.equal(provider.credentials?.sessionToken?.reveal(), "sk-ant-from-file");
  });

  it("missing references are all reported, naming the field and the source", () => {
    const secretsDir = join(dir, "conf", "secrets");
    assert.deepEqual(refusal([
      anthropic("env:UNSET"),
      { ...anthropic("env:EMPTY"), id: "b" },
      { ...anthropic("file:secrets/absent.key"), id: "c" },
      { ...anthropic("file:secrets/empty.key"), id: "d" },
      { id: "e", type: "bedrock", region: "eu-west-2", accessKeyId: "env:NO_AK", secretAccessKey: "env:NO_SK" },
    ], { EMPTY: "" }), [
      "providers[0].apiKey: environment variable UNSET is not set",
      "providers[1].apiKey: environment variable EMPTY is empty",
      `providers[2].apiKey: cannot read file ${join(secretsDir, "absent.key")} (ENOENT)`,
      `providers[3].apiKey: file ${join(secretsDir, "empty.key")} is empty`,
      "providers[4].accessKeyId: environment variable NO_AK is not set",
      "providers[4].secretAccessKey: environment variable NO_SK is not set",
    ]);
  });

  it("an unreadable file is refused", { skip: process.getuid?.() === 0 ? "root reads any file" : false }, () => {
    const locked = join(dir, "conf", "secrets", "locked.key");
    writeFileSync(locked, "sk-locked");
    chmodSync(locked, 0o000);
    assert.deepEqual(refusal([anthropic("file:secrets/locked.key")]), [`providers[0].apiKey: cannot read file ${locked} (EACCES)`]);
  });

  it("a databaseUrl reference is resolved, and a wrong one is refused without echoing it", () => {
    const file = join(dir, "conf", "db.yaml");
    writeFileSync(file, "server: { databaseUrl: env:DATABASE_URL }\n");
    const config = loadConfig({ file, env: { DATABASE_URL: "postgresql://plinth:pw@127.0.0.1/plinth" } }, validator);
    assert.equal(config.server.databaseUrl?.reveal(), "postgresql://plinth:pw@127.0.0.1/plinth");
    assert.throws(() => loadConfig({ file, env: { DATABASE_URL: "mysql://plinth:hunter2@db/x" } }, validator), (error: unknown) =>
      error instanceof ConfigError && error.message.endsWith("server.databaseUrl: must be a postgres:// or postgresql:// URL") && !error.message.includes("hunter2"));
  });
});
