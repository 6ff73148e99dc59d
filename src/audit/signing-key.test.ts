import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isFault } from "../kernel/index.js";
import { signCheckpoint, verifyCheckpoint } from "./checkpoint.js";
import { loadOrCreateSigningKey, SIGNING_KEY_FILE } from "./signing-key.js";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "plinth-audit-key-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const name = "plinth/eu-west-1/node-a";

test("the key is created once as a 0600 PEM file and loaded again on the next start", () =>
  withDir(async (dir) => {
    const first = await loadOrCreateSigningKey(dir, name);
    const path = join(dir, SIGNING_KEY_FILE);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.match(await readFile(path, "utf8"), /^-----BEGIN PRIVATE KEY-----/);
    const second = await loadOrCreateSigningKey(dir, name);
    assert.equal(second.verifierKey, first.verifierKey);
    const note = signCheckpoint({ origin: name, size: 1, root: new Uint8Array(32), time: new Date() }, second.signer);
    assert.equal(verifyCheckpoint(note, first.verifierKey).size, 1);
  }));

test("a key file readable by group or others, or a symlink, is refused", () =>
  withDir(async (dir) => {
    await loadOrCreateSigningKey(dir, name);
    const path = join(dir, SIGNING_KEY_FILE);
    for (const mode of [0o640, 0o604, 0o660]) {
      await chmod(path, mode);
      await assert.rejects(loadOrCreateSigningKey(dir, name), (e) => isFault(e) && e.detail.reason === "audit-signing-key-permissions");
    }
    await chmod(path, 0o600);
    const other = join(dir, "other");
    await loadOrCreateSigningKey(other, name);
    await rm(path);
    await symlink(join(other, SIGNING_KEY_FILE), path);
    await assert.rejects(loadOrCreateSigningKey(dir, name), (e) => isFault(e) && e.detail.reason === "audit-signing-key-permissions");
  }));

test("a file that is not an Ed25519 private key is refused", () =>
  withDir(async (dir) => {
    await writeFile(join(dir, SIGNING_KEY_FILE), "not a key", { mode: 0o600 });
    await assert.rejects(loadOrCreateSigningKey(dir, name), (e) => isFault(e) && e.detail.reason === "audit-signing-key-invalid");
  }));
