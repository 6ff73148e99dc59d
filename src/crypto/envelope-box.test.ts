import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Fault } from "../kernel/index.js";
import { ENVELOPE_SUITE, EnvelopeSecretBox } from "./envelope-box.js";
import { rootKeyring } from "./keyrings.js";
import { RootKey } from "./root-key.js";

const encoder = new TextEncoder();
const secret = encoder.encode("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY-canary-5c1f");
const context = { purpose: "access-key-secret", accessKeyId: "AKIAIOSFODNN7EXAMPLE" };

function boxWith(key: RootKey): EnvelopeSecretBox {
  return new EnvelopeSecretBox(rootKeyring(key));
}

async function refused(promise: Promise<unknown>): Promise<Fault> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Fault, `expected a Fault, got ${String(error)}`);
    assert.equal(error.kind, "internal");
    assert.ok(!error.message.includes("wJalrXUtnFEMI"), "the message carries no plaintext");
    return error;
  }
  assert.fail("expected open to be refused");
}

describe("EnvelopeSecretBox over the root keyring", () => {
  const key = new RootKey(randomBytes(32));
  const box = boxWith(key);

  it("a sealed value opens to the same bytes under the same context", async () => {
    const sealed = await box.seal(secret, context);
    assert.deepEqual(await box.open(sealed, { ...context }), secret);
  });

  it("the message is suite 0x0478 (key-committing, unsigned) and version 2", async () => {
    const sealed = await box.seal(secret, context);
    assert.equal(sealed[0], 0x02, "message format version 2 (key commitment)");
    assert.equal((sealed[1]! << 8) | sealed[2]!, 0x0478);
  });

  it("the ciphertext does not contain the plaintext", async () => {
    const sealed = Buffer.from(await box.seal(secret, context));
    assert.equal(sealed.indexOf(Buffer.from(secret)), -1);
    assert.equal(sealed.indexOf(Buffer.from("canary-5c1f")), -1);
  });

  it("each seal uses a fresh data key, so equal plaintexts give different ciphertexts", async () => {
    assert.notDeepEqual(await box.seal(secret, context), await box.seal(secret, context));
  });

  it("a different context is refused: changed value, missing key, extra key", async () => {
    const sealed = await box.seal(secret, context);
    await refused(box.open(sealed, { ...context, accessKeyId: "AKIAOTHERKEY00000000" }));
    await refused(box.open(sealed, { purpose: context.purpose }));
    const f = await refused(box.open(sealed, { ...context, tenant: "x" }));
    assert.match(f.message, /encryption context/);
  });

  it("a value sealed for one purpose cannot be opened for another", async () => {
    const sealed = await box.seal(secret, context);
    await refused(box.open(sealed, { ...context, purpose: "setting" }));
  });

  it("no single changed byte anywhere in the message opens", async () => {
    const sealed = await box.seal(secret, context);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = new Uint8Array(sealed);
      tampered[i]! ^= 0x01;
      await refused(box.open(tampered, context));
    }
  });

  it("a truncated message does not open", async () => {
    const sealed = await box.seal(secret, context);
    await refused(box.open(sealed.subarray(0, sealed.length - 1), context));
  });

  it("another root key cannot open it", async () => {
    const sealed = await box.seal(secret, context);
    const f = await refused(boxWith(new RootKey(randomBytes(32))).open(sealed, context));
    assert.match(f.message, /could not be opened/);
  });

  it("a context without a purpose, or with a reserved key, is refused when sealing", async () => {
    await refused(box.seal(secret, { accessKeyId: "AKIAIOSFODNN7EXAMPLE" }));
    await refused(box.seal(secret, { purpose: "x", "aws-crypto-public-key": "y" }));
  });

  it("the keyring keeps working after the root key object is destroyed, and the key stays whole", async () => {
    const local = new RootKey(randomBytes(32));
    const localBox = boxWith(local);
    assert.ok(local.use((bytes) => bytes.some((b) => b !== 0)), "building a keyring does not zero the root key");
    const sealed = await localBox.seal(secret, context);
    local.destroy();
    assert.deepEqual(await localBox.open(sealed, context), secret);
  });
});

describe("EnvelopeSecretBox loads the Encryption SDK on first use", () => {
  it("ENVELOPE_SUITE is the SDK's key-committing, unsigned suite", async () => {
    const { AlgorithmSuiteIdentifier } = await import("@aws-crypto/material-management-node");
    assert.equal(ENVELOPE_SUITE, AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY);
  });

  it("building a box loads no SDK; the first seal does", () => {
    // A fresh process: this one has loaded the SDK already.
    const script = `
      import { createRequire } from "node:module";
      const { EnvelopeSecretBox, RootKey, rootKeyring } = await import(${JSON.stringify(new URL("./index.js", import.meta.url).href)});
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes("@aws-crypto"));
      const box = new EnvelopeSecretBox(rootKeyring(new RootKey(new Uint8Array(32))));
      const before = loaded();
      await box.seal(new Uint8Array([1]), { purpose: "test" });
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), { before: false, after: true });
  });

  it("refuses maxEncryptedDataKeys below 1 when built", () => {
    assert.throws(() => new EnvelopeSecretBox(rootKeyring(new RootKey(randomBytes(32))), { maxEncryptedDataKeys: 0 }),
      (e: unknown) => e instanceof Fault && e.kind === "validation" && e.detail.field === "maxEncryptedDataKeys");
  });
});
