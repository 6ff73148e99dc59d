import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));

/** `plinth start` as a supervisor runs it, stopped with SIGTERM the moment its banner says it listens. */
async function startAndStopAtOnce(workers: string): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), "plinth-stop-"));
  try {
    const child = spawn(process.execPath, ["bin/plinth.js", "start", "--data-dir", dataDir, "--port", "0", "--workers", workers], {
      cwd: REPO, env: { PATH: process.env["PATH"] ?? "", PLINTH_LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
    const exited = new Promise<[number | null, string | null]>((resolve) => child.once("exit", (code, signal) => resolve([code, signal])));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner:\n${stderr}`)), 60_000);
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (/plinth listening on/.test(stderr)) { clearTimeout(timer); resolve(); }
      });
    });
    child.kill("SIGTERM"); // no delay: the signal must find its handler
    const [code, signal] = await exited;
    await Promise.all([child.stdout, child.stderr].map((s) => (s.closed ? undefined : new Promise((r) => s.once("close", r)))));
    return { code, signal, stdout, stderr };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe("plinth start stops gracefully on SIGTERM at once after its banner", () => {
  // Before: the handlers were installed after the banner was written, and a signal right after it
  // ended most runs abruptly (5 of 6 on this machine): the primary killed by the signal, its
  // workers exited with it, no audit trail closed and no "plinth stopped".
  for (const workers of ["1", "2"]) it(`--workers ${workers}, three times over`, async () => {
    for (let round = 0; round < 3; round++) {
      const run = await startAndStopAtOnce(workers);
      const said = `round ${round}:\n${run.stderr}\n${run.stdout}`;
      assert.deepEqual([run.code, run.signal], [0, null], said);
      assert.match(run.stderr, /plinth: stopping \(SIGTERM\): finishing the requests in flight\nplinth stopped\n$/, said);
      const messages = run.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { msg: string }).msg);
      assert.equal(messages.filter((m) => m === "audit trail closed").length, Number(workers), said);
      assert.equal(messages.filter((m) => m === "plinth stopped").length, Number(workers), said);
    }
  });
});
