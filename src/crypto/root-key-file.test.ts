import { describe, it, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { Fault } from "../kernel/index.js";
import { loadOrCreateRootKey, ROOT_KEY_FILE } from "./root-key-file.js";
import { RootKey } from "./root-key.js";

async function refusal(promise: Promise<unknown>): Promise<Fault> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Fault, `expected a Fault, got ${String(error)}`);
    assert.equal(error.kind, "internal");
    return error;
  }
  assert.fail("expected the root key to be refused");
}

describe("loadOrCreateRootKey", () => {
  let dir: string;
  let keyPath: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), "plinth-rootkey-"));
    keyPath = join(dir, ROOT_KEY_FILE);
  });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it("creates a 32-byte key file with mode 0600 and loads the same key again", async () => {
    const first = await loadOrCreateRootKey(dir);
    const stat = await fs.stat(keyPath);
    assert.equal(stat.mode & 0o777, 0o600);
    assert.equal(stat.size, 32);
    const second = await loadOrCreateRootKey(dir);
    assert.ok(first.equals(second), "the stored key is reused");
    assert.deepEqual((await fs.readdir(dir)).sort(), [ROOT_KEY_FILE], "no temporary file is left behind");
  });

  it("creates the data directory when it is missing", async () => {
    const nested = join(dir, "a", "b");
    await loadOrCreateRootKey(nested);
    assert.equal((await fs.stat(join(nested, ROOT_KEY_FILE))).mode & 0o777, 0o600);
  });

  it("processes starting at once agree on one key", async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateRootKey(dir)));
    for (const key of keys) assert.ok(key.equals(keys[0]!));
  });

  it("two data directories get different keys", async () => {
    const other = await fs.mkdtemp(join(tmpdir(), "plinth-rootkey-"));
    try {
      assert.ok(!(await loadOrCreateRootKey(dir)).equals(await loadOrCreateRootKey(other)));
    } finally {
      await fs.rm(other, { recursive: true, force: true });
    }
  });

  it("refuses a key file that group or others can read, naming the mode and the fix", async () => {
    await loadOrCreateRootKey(dir);
    await fs.chmod(keyPath, 0o644);
    const f = await refusal(loadOrCreateRootKey(dir));
    assert.match(f.message, /mode 0644/);
    assert.match(f.message, /chmod 600/);
    await fs.chmod(keyPath, 0o640);
    assert.match((await refusal(loadOrCreateRootKey(dir))).message, /mode 0640/);
  });

  it("refuses a key file of the wrong length instead of replacing it", async () => {
    await fs.writeFile(keyPath, new Uint8Array(31), { mode: 0o600 });
    assert.match((await refusal(loadOrCreateRootKey(dir))).message, /31 bytes, not 32/);
    assert.equal((await fs.stat(keyPath)).size, 31, "the damaged file is left for the operator");
  });

  it("refuses a symbolic link in place of the key file", async () => {
    const real = join(dir, "elsewhere.key");
    await fs.writeFile(real, new Uint8Array(32), { mode: 0o600 });
    await fs.symlink(real, keyPath);
    assert.match((await refusal(loadOrCreateRootKey(dir))).message, /symbolic link/);
  });
});

describe("RootKey", () => {
  it("never prints or serialises its bytes", () => {
    const key = new RootKey(new Uint8Array(32).fill(0xab));
    for (const text of [String(key), JSON.stringify({ key }), inspect(key), inspect({ key }, { depth: 5 }), `${key}`]) {
      assert.doesNotMatch(text, /171|ab,|0xab|abab/i);
      assert.match(text, /\[RootKey\]/);
    }
  });

  it("refuses a key of the wrong size", () => {
    assert.throws(() => new RootKey(new Uint8Array(16)), (e: unknown) => e instanceof Fault && e.kind === "internal");
  });

  it("keeps its own copy of the bytes it was given", () => {
    const source = new Uint8Array(32).fill(7);
    const key = new RootKey(source);
    source.fill(0);
    assert.equal(key.use((bytes) => bytes[0]), 7);
  });

  it("destroy zeroes the bytes and later use fails", () => {
    const key = new RootKey(new Uint8Array(32).fill(9));
    const view = key.use((bytes) => bytes);
    key.destroy();
    assert.ok(key.destroyed);
    assert.ok(view.every((b) => b === 0), "the bytes are zeroed in place");
    assert.throws(() => key.use(() => undefined), (e: unknown) => e instanceof Fault && e.kind === "internal");
  });
});
