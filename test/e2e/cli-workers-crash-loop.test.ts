import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "./harness.js";
import type { RunningServer } from "./harness.js";

/**
 * A worker that dies and then cannot start again (its configuration broke after the node
 * started: a file edited, a secret gone) must not be forked again every second for ever: each
 * attempt is a whole plinth start (a Node.js process, the config, the store) and a loop of them
 * takes a core from the workers still serving. The primary backs off, doubling its pause, and
 * says so; once the configuration is fixed, the worker comes back at the next attempt.
 */
describe("plinth start --workers 2: a worker that cannot start again", () => {
  let server: RunningServer;
  let dir: string;
  let file: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "plinth-e2e-crash-loop-"));
    file = join(dir, "config.json");
    await writeFile(file, JSON.stringify({ region: "eu-west-2" }), { mode: 0o600 });
    server = await startServer({ args: ["--workers", "2", "--config", file] });
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("is retried with growing pauses, not in a loop at full speed", async () => {
    const m = /workers: 2 processes sharing the listeners \(pids (\d+), (\d+);/.exec(server.stderr());
    assert.ok(m, server.stderr());
    const before = server.stderr().length;
    // Every later start of a worker reads this and fails.
    await writeFile(file, "{ not json", { mode: 0o600 });
    process.kill(Number(m[2]), "SIGKILL");
    await new Promise((r) => setTimeout(r, 10_000));
    const said = server.stderr().slice(before);
    const attempts = said.split("\n").filter((l) => l.startsWith("plinth: cannot start")).length;
    // Pauses of 1, 2 and 4 s leave room for at most 4 attempts in 10 s; a retry every second,
    // each attempt taking under a second to fail, made 5 to 9.
    assert.ok(attempts >= 2 && attempts <= 4, `${attempts} attempts in 10 s:\n${said}`);
    assert.match(said, /worker 2 could not start \(\d+ times in a row\); trying again in 4 s/);
  });
});
