import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

/**
 * Two `plinth start` on one data directory (an operator starting a second copy on another port,
 * a supervisor starting a new one before the old has gone) were both audit node `node-1` of one
 * SQLite database: each signed checkpoints chained to its own previous one, and `plinth audit
 * verify` then failed ("checkpoint 2 (size 4) does not chain to the checkpoint before it"),
 * which reads as tampering. The second must refuse to start; once the first has stopped, a
 * start (a restart) works again.
 */
describe("two plinth processes on one data directory", () => {
  let dataDir: string;
  let a: RunningServer | undefined;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "plinth-e2e-same-dir-"));
    a = await startServer({ dataDir });
  });
  after(async () => {
    await a?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("the second refuses to start, naming the audit node", async () => {
    const second = await startServer({ dataDir }).then(async (b) => { await b.stop(); return undefined; }, (error: unknown) => error);
    assert.ok(second instanceof Error, "a second process started on the data directory");
    assert.match(second.message, /audit node node-1 is already being written by another process/);
  });

  it("once the first has stopped, a start works again", async () => {
    await a!.stop();
    a = undefined;
    const again = await startServer({ dataDir });
    await again.stop();
  });
});
