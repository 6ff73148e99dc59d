import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ROOT_KEY_FILE, WRAPPED_ROOT_KEY_FILE, loadOrCreateRootKey, loadOrCreateWrappedRootKey } from "./index.js";
import type { RootKeyWrapper } from "./index.js";

/** An in-memory key manager with versioned AES-256-GCM keys, counting what it is asked. */
function keyManager(keyRef = "transit/plinth-root") {
  const versions = [randomBytes(32)];
  const calls: string[] = [];
  const seal = (plaintext: Uint8Array): string => {
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", versions.at(-1)!, nonce);
    return `v${versions.length}:${Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]).toString("base64")}`;
  };
  const open = (wrapped: string): Uint8Array => {
    const [v, body] = wrapped.split(":") as [string, string];
    const bytes = Buffer.from(body, "base64");
    const decipher = createDecipheriv("aes-256-gcm", versions[Number(v.slice(1)) - 1]!, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]));
  };
  const wrapper: RootKeyWrapper = {
    source: "test", keyRef, describe: `test key ${keyRef}`,
    generate: async () => { calls.push("generate"); const plaintext = new Uint8Array(randomBytes(32)); return { plaintext, wrapped: seal(plaintext) }; },
    wrap: async (plaintext) => { calls.push("wrap"); return seal(plaintext); },
    unwrap: async (wrapped) => { calls.push("unwrap"); return open(wrapped); },
    rewrap: async (wrapped) => { calls.push("rewrap"); return seal(open(wrapped)); },
  };
  return { wrapper, calls, rotate: () => versions.push(randomBytes(32)) };
}

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "plinth-wrapped-root-"));
  dirs.push(dir);
  return dir;
}

describe("a root key wrapped by an external root of trust", () => {
  it("is made once by the key manager; later starts unwrap the same key; the plaintext is never written", async () => {
    const dir = await dataDir();
    const km = keyManager();
    const first = await loadOrCreateWrappedRootKey(dir, km.wrapper);
    const second = await loadOrCreateWrappedRootKey(dir, km.wrapper);
    assert.ok(first.equals(second));
    assert.deepEqual(km.calls.filter((c) => c === "generate"), ["generate"]);
    assert.deepEqual(await readdir(dir), [WRAPPED_ROOT_KEY_FILE]);
    const stored = await readFile(join(dir, WRAPPED_ROOT_KEY_FILE));
    first.use((bytes) => assert.equal(stored.indexOf(Buffer.from(bytes)), -1));
  });

  it("two processes starting at once agree on one root key", async () => {
    const dir = await dataDir();
    const km = keyManager();
    const [a, b] = await Promise.all([loadOrCreateWrappedRootKey(dir, km.wrapper), loadOrCreateWrappedRootKey(dir, km.wrapper)]);
    assert.ok(a.equals(b));
  });

  it("after the key manager rotates, a start rewraps the stored key under the newest version", async () => {
    const dir = await dataDir();
    const km = keyManager();
    const before = await loadOrCreateWrappedRootKey(dir, km.wrapper);
    assert.match(await readFile(join(dir, WRAPPED_ROOT_KEY_FILE), "utf8"), /"wrapped":"v1:/);
    km.rotate();
    const afterRotation = await loadOrCreateWrappedRootKey(dir, km.wrapper);
    assert.match(await readFile(join(dir, WRAPPED_ROOT_KEY_FILE), "utf8"), /"wrapped":"v2:/);
    assert.ok(before.equals(afterRotation));
  });

  it("a data directory with a local key file moves to the key manager keeping its root key, and the key file is removed", async () => {
    const dir = await dataDir();
    const fileKey = await loadOrCreateRootKey(dir);
    const km = keyManager();
    const moved = await loadOrCreateWrappedRootKey(dir, km.wrapper);
    assert.ok(moved.equals(fileKey));
    assert.deepEqual(await readdir(dir), [WRAPPED_ROOT_KEY_FILE]);
    assert.ok(!km.calls.includes("generate"));
    assert.ok((await loadOrCreateWrappedRootKey(dir, km.wrapper)).equals(fileKey));
  });

  it("a move interrupted after the wrapped key was written finishes at the next start", async () => {
    const dir = await dataDir();
    const km = keyManager();
    const key = await loadOrCreateWrappedRootKey(dir, km.wrapper);
    await writeFile(join(dir, ROOT_KEY_FILE), key.use((b) => Buffer.from(b)), { mode: 0o600 });
    assert.ok((await loadOrCreateWrappedRootKey(dir, km.wrapper)).equals(key));
    assert.deepEqual(await readdir(dir), [WRAPPED_ROOT_KEY_FILE]);
  });

  it("refuses to start when a key file and the wrapped key hold different keys, removing neither", async () => {
    const dir = await dataDir();
    const km = keyManager();
    await loadOrCreateWrappedRootKey(dir, km.wrapper);
    await writeFile(join(dir, ROOT_KEY_FILE), randomBytes(32), { mode: 0o600 });
    await assert.rejects(loadOrCreateWrappedRootKey(dir, km.wrapper), /hold different root keys; remove the one that is not in use/);
    assert.deepEqual((await readdir(dir)).sort(), [ROOT_KEY_FILE, WRAPPED_ROOT_KEY_FILE]);
  });

  const refusals: ReadonlyArray<readonly [string, (dir: string) => Promise<void>, RegExp]> = [
    ["a key wrapped by another key manager key", async (dir) => { await loadOrCreateWrappedRootKey(dir, keyManager("transit/other").wrapper); },
      /wrapped by test key transit\/other, but the root of trust is configured as test key transit\/plinth-root/],
    ["a damaged wrapped-key file", (dir) => writeFile(join(dir, WRAPPED_ROOT_KEY_FILE), "{not json"), /damaged or not a plinth wrapped root key/],
  ];
  for (const [title, prepare, expected] of refusals) {
    it(`refuses to start on ${title}`, async () => {
      const dir = await dataDir();
      await prepare(dir);
      await assert.rejects(loadOrCreateWrappedRootKey(dir, keyManager().wrapper), expected);
    });
  }
});
