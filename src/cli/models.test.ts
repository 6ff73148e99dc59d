import { after, before, describe, it } from "node:test";
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { needsShared } from "../../test/support/tools.js";
import { startModelServer } from "./model-server.fixture.js";
import type { ModelServer } from "./model-server.fixture.js";
import { download } from "./download.js";
import type { DownloadError } from "./fetch-hop.js";
import { modelsCommand } from "./models.js";
import { progress } from "./progress.js";

// Tests run from the repository root; the tiny real models live beside it (../shared/models/README.md).
const shared = resolve("..", "shared", "models");
const FILE = "stories260K.gguf";
const present = existsSync(join(shared, FILE));
const bytes = present ? readFileSync(join(shared, FILE)) : Buffer.alloc(0);
const SHA = createHash("sha256").update(bytes).digest("hex");
const WRONG = "0".repeat(64);

function skipWithoutModels(t: TestContext): boolean {
  return !needsShared(t, present, shared);
}

/** `plinth models ...` in this process, its two streams captured. */
async function models(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await modelsCommand(args, { out: (l) => { out += `${l}\n`; }, err: { isTTY: false, write: (s: string) => { err += s; } } });
  return { code, out, err };
}

describe("plinth models pull, against a loopback file server", () => {
  let server: ModelServer;
  let cutting: ModelServer;
  let data: string;
  before(async () => {
    server = await startModelServer({ dir: shared, linkedSha256: { [FILE]: SHA, "llama-2-tiny-random.gguf": WRONG } });
    cutting = await startModelServer({ dir: shared, cuts: 100, cutAfter: 400_000 });
  });
  after(async () => { await server?.close(); await cutting?.close(); });
  const fresh = async (): Promise<string> => (data = await mkdtemp(join(tmpdir(), "plinth-pull-")));
  after(async () => { if (data) await rm(data, { recursive: true, force: true }); });

  it("follows the redirect, checks the sha256 the server publishes, and installs the file 0600 in <data-dir>/models", async (t) => {
    if (skipWithoutModels(t)) return;
    const dir = await fresh();
    const { code, out, err } = await models("pull", `${server.url}/resolve/${FILE}`, "--data-dir", dir);
    assert.equal(code, 0, err);
    const target = join(dir, "models", FILE);
    assert.ok((await readFile(target)).equals(bytes));
    assert.equal((await stat(target)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, "models"))).mode & 0o777, 0o700);
    assert.ok(!existsSync(`${target}.part`));
    assert.match(out, new RegExp(`sha256 ${SHA}, checked against the sha256 the server publishes`));
    assert.match(out, /as local\.stories260K$/m);
    assert.match(err, /100% 1\.2 MB of 1\.2 MB/, "a plain progress line when stderr is not a terminal");
  });

  it("resumes with Range after each cut connection, within one run", async (t) => {
    if (skipWithoutModels(t)) return;
    const dir = await fresh();
    const before = cutting.ranges.length;
    const { code, err } = await models("pull", `${cutting.url}/cut/${FILE}`, "--dir", dir, "--sha256", SHA);
    assert.equal(code, 0, err);
    // Each answer stops after 400,000 bytes; what the client had read by then is kept, and asked past.
    const asked = cutting.ranges.slice(before);
    assert.equal(asked[0], "");
    const offsets = asked.slice(1).map((r) => Number(/^bytes=(\d+)-$/.exec(r)?.[1]));
    assert.ok(offsets.length >= 2 && offsets.every((o, i) => o > (offsets[i - 1] ?? 0) && o - (offsets[i - 1] ?? 0) <= 400_000), asked.join(" "));
    assert.ok((await readFile(join(dir, FILE))).equals(bytes));
  });

  it("a run that gives up keeps the .part, and the next run asks only for the rest", async (t) => {
    if (skipWithoutModels(t)) return;
    const dir = await fresh();
    const first = await models("pull", `${cutting.url}/cut/${FILE}`, "--dir", dir, "--sha256", SHA, "--retries", "0");
    assert.equal(first.code, 1);
    const kept = (await stat(join(dir, `${FILE}.part`))).size;
    assert.ok(kept > 0 && kept <= 400_000, `${kept}`);
    assert.match(first.err, new RegExp(`the connection was cut after ${kept} of 1185376 bytes; run the same command again to resume`));
    const before = server.ranges.length;
    const second = await models("pull", `${server.url}/files/${FILE}`, "--dir", dir, "--sha256", SHA);
    assert.equal(second.code, 0, second.err);
    assert.deepEqual(server.ranges.slice(before), [`bytes=${kept}-`]);
    assert.match(second.out, new RegExp(`resumed from ${kept} bytes`));
    assert.ok((await readFile(join(dir, FILE))).equals(bytes));
  });

  it("a stalled transfer times out as a cut one: what arrived is kept for the next attempt", async (t) => {
    if (skipWithoutModels(t)) return;
    const dir = await fresh();
    const part = join(dir, `${FILE}.part`);
    await assert.rejects(download({ url: new URL(`${cutting.url}/stall/${FILE}`), part, maxBytes: 2e6, allowHttp: false, retries: 0, idleTimeoutMs: 300 }),
      (e: DownloadError) => e.retryable && /the connection was cut after \d+ of 1185376 bytes/.test(e.message));
    const kept = (await stat(part)).size;
    assert.ok(kept > 0 && kept <= 400_000, `${kept}`);
  });

  it("a server that ignores Range sends the whole file, which replaces the .part", async (t) => {
    if (skipWithoutModels(t)) return;
    const dir = await fresh();
    await writeFile(join(dir, `${FILE}.part`), bytes.subarray(0, 1000));
    const { code, err } = await models("pull", `${server.url}/norange/${FILE}`, "--dir", dir, "--sha256", SHA);
    assert.equal(code, 0, err);
    assert.ok((await readFile(join(dir, FILE))).equals(bytes));
  });

  it("a sha256 mismatch is refused: the download is removed and nothing is installed", async (t) => {
    if (skipWithoutModels(t)) return;
    for (const [url, args, said] of [
      [`${server.url}/files/${FILE}`, ["--sha256", WRONG], "--sha256"],
      [`${server.url}/resolve/llama-2-tiny-random.gguf`, [], "the sha256 the server publishes"],
    ] as const) {
      const dir = await fresh();
      const { code, err } = await models("pull", url, "--dir", dir, ...args);
      assert.equal(code, 1, url);
      assert.match(err, new RegExp(`sha256 mismatch: ${said} is 0{64}, the file's is [0-9a-f]{64}; the download was removed`));
      assert.deepEqual(await readdirNames(dir), []);
    }
  });

  it("without a sha256 to check, the complete file waits in .part; --sha256 then installs it without downloading again", async (t) => {
    if (skipWithoutModels(t)) return;
    const dir = await fresh();
    const first = await models("pull", `${server.url}/files/${FILE}`, "--dir", dir);
    assert.equal(first.code, 1);
    assert.match(first.err, new RegExp(`no sha256 to check .* --sha256 .*--no-verify.*its sha256 is ${SHA}`));
    assert.deepEqual(await readdirNames(dir), [`${FILE}.part`]);
    const before = server.ranges.length;
    const second = await models("pull", `${server.url}/files/${FILE}`, "--dir", dir, "--sha256", SHA);
    assert.equal(second.code, 0, second.err);
    assert.deepEqual(server.ranges.slice(before), ["bytes=1185376-"], "one request, answered 416: nothing is sent again");
    assert.deepEqual(await readdirNames(dir), [FILE]);
  });

  it("never replaces a file that is there: the same sha256 is success, another is refused, and the file is untouched", async (t) => {
    if (skipWithoutModels(t)) return;
    const dir = await fresh();
    await writeFile(join(dir, FILE), "the user's own file");
    const other = await models("pull", `${server.url}/files/${FILE}`, "--dir", dir, "--sha256", SHA);
    assert.equal(other.code, 1);
    assert.match(other.err, /already exists with another sha256; it was left as it is/);
    assert.equal(await readFile(join(dir, FILE), "utf8"), "the user's own file");
    await writeFile(join(dir, FILE), bytes);
    const same = await models("pull", `${server.url}/files/${FILE}`, "--dir", dir, "--sha256", SHA);
    assert.equal(same.code, 0);
    assert.match(same.out, /already there, with that sha256/);
  });

  it("refuses what is not a GGUF, too large, a redirect loop, or plain http to another machine; keeps nothing", async (t) => {
    if (skipWithoutModels(t)) return;
    const cases: Array<[string, string[], RegExp]> = [
      [`${server.url}/page.gguf`, [], /not a GGUF file \(its first bytes are not 'GGUF'\); nothing was kept/],
      [`${server.url}/files/${FILE}`, ["--max-bytes", "1M"], /the file is 1185376 bytes, over the limit of 1048576 \(--max-bytes\)/],
      [`${server.url}/loop/x.gguf`, [], /more than 5 redirects/],
      ["http://models.example/x.gguf", [], /refusing plain http to models\.example/],
      ["ftp://127.0.0.1/x.gguf", [], /unsupported URL scheme 'ftp:'/],
      ["smollm2-135m-instruct", [], /is not a URL: give the https URL of a GGUF file/],
      [`${server.url}/files/README.md`, [], /not a usable model file name: give --name FILE\.gguf/],
      [`${server.url}/files/${FILE}`, ["--sha256", "abc"], /--sha256 must be 64 hexadecimal digits/],
    ];
    for (const [url, args, message] of cases) {
      const dir = await fresh();
      const { code, err } = await models("pull", url, "--dir", dir, ...args);
      assert.notEqual(code, 0, url);
      assert.match(err, message, url);
      assert.deepEqual(await readdirNames(dir), [], url);
    }
  });
});

describe("download progress", () => {
  it("redraws one bar in place on a terminal, and writes a plain line every few seconds otherwise", () => {
    let clock = 0;
    const tty: string[] = [];
    const bar = progress({ isTTY: true, write: (s: string) => tty.push(s) }, () => clock);
    const plain: string[] = [];
    const lines = progress({ isTTY: false, write: (s: string) => plain.push(s) }, () => clock, 5_000);
    for (clock = 0; clock <= 10_000; clock += 50) {
      bar.update(clock * 100, 1_000_000);
      lines.update(clock * 100, 1_000_000);
    }
    bar.done();
    lines.done();
    assert.ok(tty.every((s) => s.startsWith("\r")) && tty.length > 50 && tty.length < 120, `${tty.length} redraws`);
    assert.match(tty.at(-1)!, /^\r100% \[#{30}\] 1\.0 MB of 1\.0 MB {2}0\.1 MB\/s 0 s left\u001b\[K\n$/);
    assert.deepEqual(plain.map((s) => s.split("%")[0]!.trim()), ["0", "50", "100", "100"]);
    assert.ok(plain.every((s) => s.endsWith("\n") && !s.includes("\r")));
  });
});

async function readdirNames(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}
