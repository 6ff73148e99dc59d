import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmod, copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropSchema, postgresSkip, TEST_DATABASE_URL } from "../support/postgres.js";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

/**
 * Every node sharing a database must hold the root key its secrets are sealed under. A node
 * started with a data directory of its own made a fresh root key, started, printed a banner
 * naming an administrator, and then answered every signed call with a 500 ("a stored value
 * could not be opened ... kms-key-material"): one node in N behind the balancer failing every
 * call it got, with nothing at start to say why. It must refuse to start and say what to copy.
 */
const skip = await postgresSkip();

describe("a node whose root key is not the shared database's", { skip }, () => {
  const schema = `plinth_hnodes_${randomBytes(4).toString("hex")}`;
  const config = (node: string) => ({ region: "eu-west-2", server: { databaseUrl: `${TEST_DATABASE_URL}?schema=${schema}` }, audit: { node } });
  let a: RunningServer;
  let dirB: string;

  before(async () => {
    a = await startServer({ config: config("node-a") });
    dirB = await mkdtemp(join(tmpdir(), "plinth-e2e-other-root-"));
    // The credentials file only (for the harness); no root.key: the node makes its own.
    await copyFile(join(a.dataDir, "credentials"), join(dirB, "credentials"));
    await chmod(join(dirB, "credentials"), 0o600);
  });
  after(async () => {
    await a?.stop();
    await rm(dirB, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it("refuses to start, saying the nodes must share the root key", async () => {
    const started = await startServer({ config: config("node-b"), dataDir: dirB }).then(async (b) => { await b.stop(); return undefined; }, (error: unknown) => error);
    assert.ok(started instanceof Error, "a node with another root key started");
    assert.match(started.message, /root key does not open the secrets in the database/);
  });

  it("starts with the first node's root key", async () => {
    await rm(join(dirB, "root.key"), { force: true });
    await copyFile(join(a.dataDir, "root.key"), join(dirB, "root.key"));
    await chmod(join(dirB, "root.key"), 0o600);
    const b = await startServer({ config: config("node-b"), dataDir: dirB });
    await b.stop();
  });
});
