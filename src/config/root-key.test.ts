import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { inspect } from "node:util";
import { Sensitive } from "../kernel/index.js";
import { ConfigError, createConfigValidator, loadConfig } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "plinth-config-root-key-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const validator = createConfigValidator();

function load(rootKey: unknown, env: Record<string, string | undefined> = {}) {
  const file = join(dir, "plinth.json");
  writeFileSync(file, JSON.stringify({ server: { rootKey } }));
  return loadConfig({ file, env, cwd: "/" }, validator);
}

function refusal(rootKey: unknown, env: Record<string, string | undefined> = {}): string[] {
  try {
    load(rootKey, env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail("the configuration was accepted");
}

const transit = { type: "transit", address: "https://vault.internal:8200", keyName: "plinth-root", token: "env:VAULT_TOKEN" };

describe("server.rootKey", () => {
  it("defaults to the local key file", () => {
    assert.deepEqual(load(undefined).server.rootKey, { type: "file" });
  });

  it("a transit root resolves its token reference to a Sensitive, the mount defaulting to transit", () => {
    const rootKey = load(transit, { VAULT_TOKEN: "hvs.secret-token" }).server.rootKey;
    assert.ok(rootKey.type === "transit" && rootKey.token instanceof Sensitive);
    assert.equal(rootKey.token.reveal(), "hvs.secret-token");
    assert.equal(rootKey.mount, "transit");
    assert.ok(!inspect(rootKey, { depth: 5 }).includes("hvs.secret-token"));
  });

  it("plain http to a loopback key manager is accepted (the traffic never leaves the machine)", () => {
    assert.equal(load({ ...transit, address: "http://127.0.0.1:8200" }, { VAULT_TOKEN: "t" }).server.rootKey.type, "transit");
  });

  it("an aws-kms root takes static credentials by reference and makes caFile absolute", () => {
    const rootKey = load({
      type: "aws-kms", keyId: "alias/plinth-root", region: "eu-west-2", endpoint: "https://kms.internal:8443",
      accessKeyId: "AKIAEXAMPLEEXAMPLE00", secretAccessKey: "env:ROOT_SECRET", caFile: "ca.pem",
    }, { ROOT_SECRET: "shh" }).server.rootKey;
    assert.ok(rootKey.type === "aws-kms" && rootKey.credentials !== undefined);
    assert.equal(rootKey.credentials.secretAccessKey.reveal(), "shh");
    assert.equal(rootKey.caFile, join(dir, "ca.pem"));
  });

  const refusals: ReadonlyArray<readonly [string, unknown, Record<string, string>, string]> = [
    ["a missing token variable is named, never a value", transit, {}, "server.rootKey.token: environment variable VAULT_TOKEN is not set"],
    ["an unknown type", { type: "pkcs11" }, {}, "server.rootKey.type"],
    ["a transit root without a key name", { ...transit, keyName: undefined }, { VAULT_TOKEN: "t" }, "keyName"],
    ["an unknown key in a branch", { ...transit, tokenEnv: "VAULT_TOKEN" }, { VAULT_TOKEN: "t" }, "server.rootKey.tokenEnv: unknown key"],
    ["plain http to Vault on another machine", { ...transit, address: "http://vault.internal:8200" }, { VAULT_TOKEN: "t" },
      "server.rootKey.address: must be https: plain http to another machine would carry the root key"],
    ["a KMS endpoint carrying credentials", { type: "aws-kms", keyId: "k", region: "eu-west-2", endpoint: "https://u:p@kms.internal" }, {},
      "server.rootKey.endpoint: must not carry credentials"],
    ["a secret access key without its id", { type: "aws-kms", keyId: "k", region: "eu-west-2", secretAccessKey: "env:S" }, { S: "s" }, "accessKeyId"],
  ];
  for (const [title, rootKey, env, expected] of refusals) {
    it(`refuses ${title}`, () => {
      const problems = refusal(rootKey, env);
      assert.ok(problems.some((p) => p.includes(expected)), problems.join("\n"));
    });
  }
});
