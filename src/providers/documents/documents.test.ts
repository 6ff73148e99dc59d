import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import type { DocumentBlock, DocumentFormat } from "../../kernel/index.js";
import { documentText, framedDocument, PDF_LIMITS } from "./index.js";
import { NOT_A_PDF, TRUNCATED_PDF, claimsManyPages, textPdf } from "./pdf.fixture.js";

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
