import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { dropSchema, postgresSkip, TEST_DATABASE_URL } from "../support/postgres.js";
import { startServer } from "./harness.js";
import { secondNodeDataDir } from "./second-node.fixture.js";
import type { RunningServer } from "./harness.js";

/**
 * Each node on a shared PostgreSQL keeps its own audit log, named by `audit.node`. Two nodes
 * started with the same name both appended to one log (racing for its indices) and both signed
 * checkpoints of it, each with the signing key of its own data directory under the one origin:
 * `plinth audit verify` then failed on one node's checkpoints ("the database holds 2
 * checkpoint(s) the anchor does not"), which reads as tampering. The second node must refuse to
 * start and say why; once the first stops, the name is free again (a restart keeps its log).
 */
const skip = await postgresSkip();

describe("two nodes with the same audit.node on one PostgreSQL", { skip }, () => {
  const schema = `plinth_hnodes_${randomBytes(4).toString("hex")}`;
  const config = { region: "eu-west-2", server: { databaseUrl: `${TEST_DATABASE_URL}?schema=${schema}` }, audit: { node: "node-same" } };
  let a: RunningServer | undefined;
  let dirB: string;

  before(async () => {
    a = await startServer({ config });
    dirB = await secondNodeDataDir(a, "plinth-e2e-same-node-");
  });
  after(async () => {
    await a?.stop();
    await rm(dirB, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it("the second refuses to start, naming the node", async () => {
    const second = await startServer({ config, dataDir: dirB }).then(async (b) => { await b.stop(); return undefined; }, (error: unknown) => error);
    assert.ok(second instanceof Error, "the second node started with the first one's audit.node");
    assert.match(second.message, /audit node node-same is already being written by another process/);
  });

  it("once the first has stopped, the name can be used again", async () => {
    await a!.stop();
    a = undefined;
    const b = await startServer({ config, dataDir: dirB });
    await b.stop();
  });
});
