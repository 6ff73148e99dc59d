import { after, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "./open-store.js";

/**
 * Crypto-shredding and retention on SQLite: once a KMS key's material is deleted, or invocation log
 * records (opt-in content, sealed under a key that lives on) are purged, their bytes are in no file of
 * the data directory, the write-ahead log included, while the store is still open (a disk imaged
 * from a running or crashed node, not one SQLite tidied at close). secure_delete zeroes the rows in
 * the database pages; the log kept the pages as they were before, frame after frame, until
 * overwritten.
 */
const root = await fs.mkdtemp(join(tmpdir(), "plinth-shred-"));
after(() => fs.rm(root, { recursive: true, force: true }));

async function filesHolding(dir: string, bytes: Uint8Array): Promise<string[]> {
  const found: string[] = [];
  for (const name of await fs.readdir(dir)) {
    const content = await fs.readFile(join(dir, name)).catch(() => undefined);
    if (content !== undefined && content.indexOf(bytes) !== -1) found.push(name);
  }
  return found;
}

it("purged invocation log records are left in no file of the data directory, its write-ahead log included", async () => {
  const dataDir = join(root, "logs");
  const store = await openStore({ dataDir });
  try {
    const createdAt = new Date("2030-01-01T00:00:00Z");
    await store.identity.createAccount({ accountId: "111122223333", name: "shred", createdAt, isManagement: false });
    const ciphertext = randomBytes(200);
    await store.invocationLogging.append({ accountId: "111122223333", requestId: "r-1", createdAt, ciphertext });
    assert.deepEqual(await filesHolding(dataDir, ciphertext), ["plinth.db-wal"], "the record is written (to the log first)");
    assert.equal(await store.invocationLogging.purgeBefore(new Date("2030-02-01T00:00:00Z")), 1);
    assert.deepEqual(await filesHolding(dataDir, ciphertext), [], "no file holds the record once it is purged");
  } finally {
    await store.close();
  }
});

it("a deleted KMS key's sealed material is left in no file of the data directory, its write-ahead log included", async () => {
  const dataDir = join(root, "data");
  const store = await openStore({ dataDir });
  try {
    const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
    const arn = `arn:aws:kms:eu-west-2:111122223333:key/${keyId}`;
    const sealed = randomBytes(120);
    const createdAt = new Date("2030-01-01T00:00:00Z");
    await store.identity.createAccount({ accountId: "111122223333", name: "shred", createdAt, isManagement: false });
    await store.kms.createKey(
      { keyId, accountId: "111122223333", region: "eu-west-2", arn, description: "", keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT", state: "Enabled", createdAt, rotationEnabled: false, currentVersion: 1 },
      { keyId, version: 1, sealed, createdAt, onDemand: false }, "{}", []);
    assert.deepEqual(await filesHolding(dataDir, sealed), ["plinth.db-wal"], "the material is written (to the log first)");
    assert.equal(await store.kms.deleteKey(keyId), true);
    assert.deepEqual(await filesHolding(dataDir, sealed), [], "no file holds the material once the key is deleted");
  } finally {
    await store.close();
  }
});
