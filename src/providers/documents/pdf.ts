import { Worker } from "node:worker_threads";
import { invalid } from "../../kernel/index.js";
import type { PdfJob, PdfOutcome } from "./pdf-worker.js";

/**
 * The text of a PDF, for upstreams that take no documents. pdf.js (Mozilla's, the parser
 * Firefox ships) reads it in a worker thread so a hostile file — a decompression bomb, a page
 * tree of millions of pages, a parser loop — costs a bounded heap and a bounded time and ends as
 * a validation fault naming the block, never as a crash or a stuck request.
 */
export interface PdfLimits {
  /** Bedrock takes documents of up to 4.5 MB; a little headroom for other surfaces. */
  readonly maxBytes: number;
  readonly maxPages: number;
  /** Characters of text: more than a model's context holds is of no use to it. */
  readonly maxChars: number;
  readonly timeoutMs: number;
  readonly heapMb: number;
}

export const PDF_LIMITS: PdfLimits = { maxBytes: 8 * 1024 * 1024, maxPages: 1000, maxChars: 4_000_000, timeoutMs: 15_000, heapMb: 256 };

const PROBLEMS: Record<Exclude<PdfOutcome, { text: string }>["problem"], string> = {
  unreadable: "the PDF could not be read",
  encrypted: "the PDF is encrypted",
  "too-many-pages": "the PDF has more pages than this model's text extraction takes",
  "too-much-text": "the PDF holds more text than this model's text extraction takes",
};

export async function pdfText(bytes: Uint8Array, field: string, signal: AbortSignal, limits: PdfLimits = PDF_LIMITS): Promise<string> {
  if (bytes.byteLength > limits.maxBytes) throw invalid(field, `a PDF for this model must be at most ${limits.maxBytes} bytes`);
  signal.throwIfAborted();
  const job: PdfJob = { bytes, maxPages: limits.maxPages, maxChars: limits.maxChars };
  const worker = new Worker(new URL("./pdf-worker.js", import.meta.url), {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32 },
    // pdf.js writes warnings to the console; they go nowhere rather than into plinth's logs.
    stdout: true, stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  try {
    const outcome = await new Promise<PdfOutcome | "timeout" | "failed">((resolve, reject) => {
      const timer = setTimeout(() => resolve("timeout"), limits.timeoutMs);
      const abort = () => reject(signal.reason);
      signal.addEventListener("abort", abort, { once: true });
      const done = (value: PdfOutcome | "failed") => { clearTimeout(timer); signal.removeEventListener("abort", abort); resolve(value); };
      worker.once("message", (m: PdfOutcome) => done(m));
      // Out of memory (ERR_WORKER_OUT_OF_MEMORY) or any crash inside the parser.
      worker.once("error", () => done("failed"));
      worker.once("exit", () => done("failed"));
    });
    if (outcome === "timeout") throw invalid(field, `the PDF could not be read within ${limits.timeoutMs / 1000} seconds`);
    if (outcome === "failed") throw invalid(field, "the PDF could not be read within this model's memory limit for text extraction");
    if ("problem" in outcome) throw invalid(field, PROBLEMS[outcome.problem]);
    return outcome.text;
  } finally {
    void worker.terminate();
  }
}
