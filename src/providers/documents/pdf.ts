import { invalid } from "../../kernel/index.js";
import { acquire } from "./gate.js";
import { extractInProcess } from "./pdf-process.js";
import type { Ending } from "./pdf-process.js";

/**
 * The text of a PDF, for upstreams that take no documents. pdf.js (Mozilla's, the parser
 * Firefox ships) reads it in a child process whose memory and CPU time the kernel bounds
 * (pdf-process.ts), a few at a time (gate.ts), so a hostile file — a decompression bomb, a page
 * tree of millions of pages, a parser loop — costs a bounded amount of memory and time and ends
 * as a validation fault naming the block, never as a crash or a stuck request.
 */
export interface PdfLimits {
  /** Bedrock takes documents of up to 4.5 MB; a little headroom for other surfaces. */
  readonly maxBytes: number;
  readonly maxPages: number;
  /** Characters of text: more than a model's context holds is of no use to it. */
  readonly maxChars: number;
  readonly timeoutMs: number;
  /** The parser's V8 heap, part of `memoryMb`. */
  readonly heapMb: number;
  /** All the memory one extraction process may write to (the OS limit: heap and decode buffers). */
  readonly memoryMb: number;
  /** Extractions at once across the gateway; at most `concurrency × memoryMb` in all. */
  readonly concurrency: number;
  /** Extractions that may wait for a slot (each at most `timeoutMs`); beyond, throttling. */
  readonly maxQueued: number;
}

export const PDF_LIMITS: PdfLimits = {
  maxBytes: 8 * 1024 * 1024, maxPages: 1000, maxChars: 4_000_000, timeoutMs: 15_000,
  heapMb: 256, memoryMb: 384, concurrency: 2, maxQueued: 16,
};

const PROBLEMS: Record<Exclude<Ending, { text: string }>["problem"], string> = {
  unreadable: "the PDF could not be read",
  encrypted: "the PDF is encrypted",
  "too-many-pages": "the PDF has more pages than this model's text extraction takes",
  "too-much-text": "the PDF holds more text than this model's text extraction takes",
  "too-much-memory": "the PDF could not be read within this model's memory limit for text extraction",
  timeout: "", // worded with the limit below
  unavailable: "PDF text extraction is not available on this server (it needs a memory-bounded process, which this platform does not provide)",
};

export async function pdfText(bytes: Uint8Array, field: string, signal: AbortSignal, limits: PdfLimits = PDF_LIMITS): Promise<string> {
  if (bytes.byteLength > limits.maxBytes) throw invalid(field, `a PDF for this model must be at most ${limits.maxBytes} bytes`);
  signal.throwIfAborted();
  const release = await acquire({ concurrency: limits.concurrency, maxQueued: limits.maxQueued, maxWaitMs: limits.timeoutMs }, signal);
  let ending: Ending;
  try {
    ending = await extractInProcess(bytes, limits, signal);
  } finally {
    release();
  }
  if ("text" in ending) return ending.text;
  if (ending.problem === "timeout") throw invalid(field, `the PDF could not be read within ${limits.timeoutMs / 1000} seconds`);
  throw invalid(field, PROBLEMS[ending.problem]);
}
