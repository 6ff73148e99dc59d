import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { getFips } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs `plinth start ...` and waits for it to exit (a refusal exits at once; a start would not). */
function start(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/plinth.js", "start", ...args], { env: { PATH: process.env["PATH"] ?? "" }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => { err += d.toString(); });
    const timer = setTimeout(() => { child.kill("SIGTERM"); reject(new Error(`plinth start did not refuse; it said: ${err}`)); }, 20_000);
    child.once("exit", (code) => { clearTimeout(timer); resolve({ code, err }); });
  });
}

const REFUSAL = /^plinth: cannot start: FIPS mode was asked for \(--fips or server\.fips\) but Node's crypto is not in FIPS mode \(crypto\.getFips\(\) is 0\): this Node\/OpenSSL has no FIPS provider enabled; see "FIPS mode" in the README\n$/;

/**
 * The stock Node binary and Debian's OpenSSL have no validated FIPS provider, so on these machines
 * FIPS mode must refuse cleanly: non-zero, one line saying why, nothing created.
 */
describe("plinth start --fips on a runtime without a FIPS provider", () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), "plinth-fips-")); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it("--fips refuses with one line naming getFips() and the README section, before creating anything", async (t) => {
    // Justified skip: this states what a runtime WITHOUT a FIPS provider does (every machine we
    // have, CI included); on a FIPS runtime the decision table in src/crypto/fips.test.ts covers it.
    if (getFips() === 1) return t.skip("this runtime is in FIPS mode");
    const dataDir = join(dir, "flag-data");
    const { code, err } = await start(["--fips", "--data-dir", dataDir, "--port", "0"]);
    assert.equal(code, 1);
    assert.match(err, REFUSAL);
    assert.equal(existsSync(dataDir), false, "no key, certificate or database was made");
  });

  it("server.fips: true in the config file refuses the same way", async (t) => {
    // Justified skip: this states what a runtime WITHOUT a FIPS provider does (every machine we
    // have, CI included); on a FIPS runtime the decision table in src/crypto/fips.test.ts covers it.
    if (getFips() === 1) return t.skip("this runtime is in FIPS mode");
    const dataDir = join(dir, "file-data");
    const file = join(dir, "plinth.json");
    await writeFile(file, JSON.stringify({ server: { fips: true, dataDir, port: 0 } }));
    const { code, err } = await start(["--config", file]);
    assert.equal(code, 1);
    assert.match(err, REFUSAL);
    assert.equal(existsSync(dataDir), false);
  });
});
