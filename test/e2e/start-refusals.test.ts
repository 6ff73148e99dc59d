import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs `plinth start ...` and waits for it to exit (a refusal exits at once; a start would not). */
function start(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/plinth.js", "start", ...args], { env: { PATH: process.env["PATH"] ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => { err += d.toString(); });
    const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`plinth start did not refuse; it said: ${err}`)); }, 20_000);
    child.once("exit", (code) => { clearTimeout(timer); resolve({ code, err }); });
  });
}

/**
 * A data directory plinth cannot make is a one-line refusal, not a hang. Regression: Node 20's
 * recursive mkdir never returned for `--data-dir /proc/nope`, with a core spinning, so a typo in
 * the first command a new user types froze it.
 */
describe("plinth start refuses a data directory it cannot make", () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), "plinth-refusals-")); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  for (const workers of ["1", "2"]) {
    it(`a path under /proc, with --workers ${workers}`, async () => {
      const { code, err } = await start(["--data-dir", "/proc/plinth-nope", "--port", "0", "--workers", workers]);
      assert.equal(code, 1);
      assert.match(err, /^plinth: cannot start: ENOENT: no such file or directory, mkdir '\/proc\/plinth-nope'\n$/);
    });
  }

  it("a path that is a file", async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "");
    const { code, err } = await start(["--data-dir", file, "--port", "0", "--workers", "1"]);
    assert.equal(code, 1);
    assert.match(err, /^plinth: cannot start: .*a-file exists and is not a directory\n$/);
  });
});
