import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createInflate } from "node:zlib";
import { fileURLToPath } from "node:url";
import { Fault } from "../../kernel/index.js";
import type { DocumentBlock, DocumentFormat } from "../../kernel/index.js";
import { documentText, framedDocument, PDF_LIMITS } from "./index.js";
import { NOT_A_PDF, TRUNCATED_PDF, bombPdf, claimsManyPages, textPdf } from "./pdf.fixture.js";
import { extractionEnd, extractionPids } from "./pdf-process.js";
import { gateLoad } from "./gate.js";

const never = new AbortController().signal;
const doc = (format: DocumentFormat, source: DocumentBlock["source"], extra: Partial<DocumentBlock> = {}): DocumentBlock => ({ type: "document", format, name: "report", source, ...extra });
const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

async function refusal(p: Promise<unknown>): Promise<Fault> {
  try { await p; } catch (e) { assert.ok(e instanceof Fault && e.kind === "validation", String(e)); return e; }
  assert.fail("expected a validation fault");
}

describe("documents as text", () => {
  it("a PDF's text, page by page", async () => {
    const text = await documentText(doc("pdf", { bytes: textPdf(["Quarterly revenue rose.", "Costs fell (a little)."]) }), "messages.0.content.0", never);
    assert.equal(text, "Quarterly revenue rose.\n\nCosts fell (a little).");
  });
  const texts: [DocumentFormat, string][] = [["txt", "plain"], ["md", "# Title"], ["csv", "a,b\n1,2"], ["html", "<p>hi</p>"]];
  for (const [format, value] of texts) {
    it(`${format} from bytes and from text is its own text`, async () => {
      assert.equal(await documentText(doc(format, { bytes: bytes(value) }), "f", never), value);
      assert.equal(await documentText(doc(format, { text: value }), "f", never), value);
    });
  }
  for (const format of ["doc", "docx", "xls", "xlsx"] as const) {
    it(`${format} is refused naming the format field`, async () => {
      const f = await refusal(documentText(doc(format, { bytes: bytes("PK") }), "messages.2.content.1", never));
      assert.equal(f.detail.field, "messages.2.content.1.document.format");
      assert.match(f.message, new RegExp(format));
    });
  }
  it("text bytes that are not UTF-8 are refused", async () => {
    const f = await refusal(documentText(doc("txt", { bytes: new Uint8Array([0xff, 0xfe, 0xfd]) }), "m", never));
    assert.equal(f.detail.field, "m.document.source.bytes");
  });
  const broken: [string, Uint8Array][] = [["not a PDF", NOT_A_PDF], ["a truncated PDF", TRUNCATED_PDF], ["random bytes", new Uint8Array(4096).map((_, i) => (i * 7919) % 251)], ["empty", new Uint8Array()]];
  for (const [name, data] of broken) {
    it(`${name} is a validation fault naming the bytes, never a crash`, async () => {
      const f = await refusal(documentText(doc("pdf", { bytes: data }), "messages.0.content.0", never));
      assert.equal(f.detail.field, "messages.0.content.0.document.source.bytes");
    });
  }
  it("a PDF with more pages than the limit is refused, not read", async () => {
    const f = await refusal(documentText(doc("pdf", { bytes: textPdf(["a", "b", "c"]) }), "m", never, { ...PDF_LIMITS, maxPages: 2 }));
    assert.match(f.message, /more pages/);
  });
  it("a page tree that claims ten million pages ends quickly", async () => {
    const started = Date.now();
    try {
      const text = await documentText(doc("pdf", { bytes: claimsManyPages(10_000_000) }), "m", never);
      assert.ok(text.length < 100);
    } catch (e) {
      assert.ok(e instanceof Fault && e.kind === "validation");
    }
    assert.ok(Date.now() - started < 10_000);
  });
  it("more text than the limit is refused", async () => {
    const f = await refusal(documentText(doc("pdf", { bytes: textPdf(["x".repeat(40), "y".repeat(40), "z".repeat(40)]) }), "m", never, { ...PDF_LIMITS, maxChars: 100 }));
    assert.match(f.message, /more text/);
  });
  it("bytes over the limit are refused before parsing", async () => {
    const f = await refusal(documentText(doc("pdf", { bytes: textPdf(["a"]) }), "m", never, { ...PDF_LIMITS, maxBytes: 10 }));
    assert.match(f.message, /at most 10 bytes/);
  });
  it("a parser that runs out of time is stopped", async () => {
    const f = await refusal(documentText(doc("pdf", { bytes: textPdf(["a"]) }), "m", never, { ...PDF_LIMITS, timeoutMs: 1 }));
    assert.match(f.message, /within/);
  });
  it("a parser that runs out of memory ends as a validation fault, and the process lives on", async () => {
    const f = await refusal(documentText(doc("pdf", { bytes: textPdf(["a"]) }), "m", never, { ...PDF_LIMITS, heapMb: 2 }));
    assert.match(f.message, /memory limit/);
  });
  it("an aborted request stops the extraction", async () => {
    const c = new AbortController();
    const p = documentText(doc("pdf", { bytes: textPdf(["a"]) }), "m", c.signal);
    c.abort(new Error("gone"));
    await assert.rejects(p, /gone/);
  });
  it("framing names the document and keeps its context", () => {
    assert.equal(framedDocument(doc("md", { text: "x" }, { name: 'a "b"', context: "from HR" }), "x"), '<document name="a \'b\'" format="md">\nContext: from HR\nx\n</document>');
  });
});

const MB = 1024 * 1024;
const BOMB_MIB = 768;
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of a process, from /proc (Linux: where the limit applies). */
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "latin1"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch { return 0; }
}

/** Samples this process's RSS and that of every extraction child while `p` runs. */
async function peaks<T>(p: Promise<T>): Promise<{ settled: PromiseSettledResult<T>; own: number; child: number }> {
  let own = process.memoryUsage().rss, child = 0, done = false;
  const sampling = (async () => {
    while (!done) {
      own = Math.max(own, process.memoryUsage().rss);
      for (const pid of extractionPids()) child = Math.max(child, rssOf(pid));
      await tick(5);
    }
  })();
  const [settled] = await Promise.allSettled([p]);
  done = true;
  await sampling;
  return { settled: settled!, own, child };
}

describe("a hostile PDF costs bounded memory", { skip: process.platform !== "linux" && "the memory bound is Linux's RLIMIT_DATA" }, () => {
  const bomb = bombPdf(BOMB_MIB);

  it("the bomb is small on disk and inflates to hundreds of MB", async () => {
    assert.ok(bomb.byteLength < 2 * MB, `${bomb.byteLength} bytes`);
    const text = Buffer.from(bomb).toString("latin1");
    const start = text.indexOf("stream\n") + "stream\n".length;
    const end = text.lastIndexOf("\nendstream");
    let inflated = 0;
    await new Promise<void>((resolve, reject) => {
      const z = createInflate();
      z.on("data", (c: Buffer) => { inflated += c.length; });
      z.on("end", resolve);
      z.on("error", reject);
      z.end(Buffer.from(bomb.subarray(start, end)));
    });
    assert.equal(inflated, BOMB_MIB * MB);
  });

  it("a decompression bomb ends as a validation fault at the memory limit, neither this process nor the child growing past it", async () => {
    const before = process.memoryUsage().rss;
    const { settled, own, child } = await peaks(documentText(doc("pdf", { bytes: bomb }), "messages.0.content.0", never));
    assert.equal(settled.status, "rejected");
    const f = (settled as PromiseRejectedResult).reason;
    assert.ok(f instanceof Fault && f.kind === "validation", String(f));
    assert.equal(f.detail.field, "messages.0.content.0.document.source.bytes");
    // The kernel stopped it, not the clock: with an unbounded parser this runs to the timeout.
    assert.match(f.message, /memory limit/);
    assert.ok(own - before < 64 * MB, `this process grew by ${(own - before) / MB} MB`);
    assert.ok(child > 0, "the child was sampled");
    assert.ok(child <= (PDF_LIMITS.memoryMb + 32) * MB, `the child reached ${child / MB} MB`);
    assert.deepEqual(extractionPids(), []);
  });

  it("a smaller memory limit stops the bomb sooner, at that limit", async () => {
    const { settled, child } = await peaks(documentText(doc("pdf", { bytes: bomb }), "m", never, { ...PDF_LIMITS, memoryMb: 160, heapMb: 96 }));
    assert.equal(settled.status, "rejected");
    assert.match(String((settled as PromiseRejectedResult).reason.message), /memory limit/);
    assert.ok(child <= (160 + 32) * MB, `the child reached ${child / MB} MB`);
  });

  it("an aborted request kills its child process: no orphan is left", async () => {
    const c = new AbortController();
    const p = documentText(doc("pdf", { bytes: bomb }), "m", c.signal);
    let pid: number | undefined;
    while (pid === undefined) { pid = extractionPids()[0]; await tick(2); }
    assert.ok(alive(pid));
    c.abort(new Error("gone"));
    await assert.rejects(p, /gone/);
    assert.equal(alive(pid), false, `process ${pid} outlived its request`);
    // Killed, not left to run into its own limits.
    assert.equal(extractionEnd(pid), "SIGKILL");
    assert.deepEqual(extractionPids(), []);
    assert.deepEqual(gateLoad(), { running: 0, waiting: 0 });
  });

  it("a timeout kills the child process", async () => {
    const p = documentText(doc("pdf", { bytes: bomb }), "m", never, { ...PDF_LIMITS, timeoutMs: 300 });
    let pid: number | undefined;
    while (pid === undefined) { pid = extractionPids()[0]; await tick(2); }
    const f = await refusal(p);
    assert.match(f.message, /within 0.3 seconds/);
    assert.equal(alive(pid), false);
    assert.equal(extractionEnd(pid), "SIGKILL");
  });
});

describe("PDF extractions share a few slots", () => {
  it("no more run at once than the limit; the rest wait their turn and still get their text", async () => {
    const limits = { ...PDF_LIMITS, concurrency: 2, maxQueued: 8 };
    let most = 0, queued = 0, done = false;
    const watching = (async () => {
      while (!done) {
        most = Math.max(most, gateLoad().running, extractionPids().length);
        queued = Math.max(queued, gateLoad().waiting);
        await tick(2);
      }
    })();
    const texts = await Promise.all([1, 2, 3, 4, 5].map((n) => documentText(doc("pdf", { bytes: textPdf([`page of ${n}`]) }), "m", never, limits)));
    done = true;
    await watching;
    assert.deepEqual(texts, [1, 2, 3, 4, 5].map((n) => `page of ${n}`));
    assert.equal(most, 2);
    assert.ok(queued >= 1, "some waited");
    assert.deepEqual(gateLoad(), { running: 0, waiting: 0 });
  });

  it("beyond the queue, an extraction is refused with throttling, and the others finish", async () => {
    const limits = { ...PDF_LIMITS, concurrency: 1, maxQueued: 1 };
    const results = await Promise.allSettled([1, 2, 3].map(() => documentText(doc("pdf", { bytes: textPdf(["x"]) }), "m", never, limits)));
    assert.deepEqual(results.map((r) => r.status), ["fulfilled", "fulfilled", "rejected"]);
    const f = (results[2] as PromiseRejectedResult).reason;
    assert.ok(f instanceof Fault && f.kind === "throttling", String(f));
  });

  it("a request aborted while it waits leaves the queue", async () => {
    const limits = { ...PDF_LIMITS, concurrency: 1, maxQueued: 4 };
    const first = documentText(doc("pdf", { bytes: textPdf(["first"]) }), "m", never, limits);
    const c = new AbortController();
    const second = documentText(doc("pdf", { bytes: textPdf(["second"]) }), "m", c.signal, limits);
    await tick(0);
    assert.equal(gateLoad().waiting, 1);
    c.abort(new Error("gone"));
    await assert.rejects(second, /gone/);
    assert.equal(gateLoad().waiting, 0);
    assert.equal(await first, "first");
  });
});

describe("the extraction child is quiet", () => {
  it("nothing of a document, nor pdf.js's warnings, reaches this process's stdout or stderr", () => {
    const here = fileURLToPath(new URL(".", import.meta.url));
    const script = `
      const { pdfText } = await import(${JSON.stringify(here + "pdf.js")});
      const { textPdf, NOT_A_PDF } = await import(${JSON.stringify(here + "pdf.fixture.js")});
      const never = new AbortController().signal;
      const text = await pdfText(textPdf(["SECRET-MARKER-7781"]), "f", never);
      await pdfText(NOT_A_PDF, "f", never).catch(() => undefined);
      process.exitCode = text === "SECRET-MARKER-7781" ? 0 : 3;`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    assert.equal(run.status, 0, "the text was extracted");
    assert.equal(run.stdout + run.stderr, "");
  });
});

describe("the extraction child ships", () => {
  it("is compiled beside its parent and is not named as a fixture or test (the runtime build leaves those out)", () => {
    const child = fileURLToPath(new URL("./pdf-child.js", import.meta.url));
    assert.ok(readFileSync(child, "utf8").includes("pdfjs-dist"));
    const root = fileURLToPath(new URL("../../../../", import.meta.url));
    const listed = spawnSync(`${root}node_modules/.bin/tsc`, ["-p", "tsconfig.build.json", "--listFilesOnly"], { cwd: root, encoding: "utf8" });
    assert.equal(listed.status, 0, listed.stderr);
    const ours = listed.stdout.split("\n").filter((f) => f.includes("src/providers/documents/"));
    assert.ok(ours.some((f) => f.endsWith("/pdf-child.ts")), ours.join(", "));
    assert.ok(!ours.some((f) => f.endsWith(".fixture.ts")), "fixtures stay out of the runtime build");
  });
});
