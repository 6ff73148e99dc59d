import { invalid } from "../../kernel/index.js";
import type { DocumentBlock, DocumentFormat } from "../../kernel/index.js";
import { pdfText } from "./pdf.js";
import type { PdfLimits } from "./pdf.js";

/**
 * Documents as text, for upstreams that take none (OpenAI-style chat completions and the servers
 * that copy them). The text formats are their own text; PDFs go through pdf.js (pdf.ts). Word
 * and Excel files are refused by name: a parser for them is a large attack surface for formats
 * the popular clients rarely send, and guessing at their text would mislead the model.
 */
const TEXT_FORMATS: ReadonlySet<DocumentFormat> = new Set(["txt", "md", "csv", "html"]);

/** Which formats an adapter that extracts text takes; the others it refuses by name. */
export const EXTRACTABLE_FORMATS: readonly DocumentFormat[] = ["pdf", "txt", "md", "csv", "html"];

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** `field` is the block's path (e.g. `messages.0.content.1`); faults name its members. */
export async function documentText(block: DocumentBlock, field: string, signal: AbortSignal, limits?: PdfLimits): Promise<string> {
  const { format, source } = block;
  if (TEXT_FORMATS.has(format)) {
    if ("text" in source) return source.text;
    try {
      return strictUtf8.decode(source.bytes);
    } catch {
      throw invalid(`${field}.document.source.bytes`, `a ${format} document must be UTF-8 text`);
    }
  }
  if (format === "pdf") {
    if ("text" in source) throw invalid(`${field}.document.source.text`, "a pdf document must be given as bytes");
    return pdfText(source.bytes, `${field}.document.source.bytes`, signal, limits);
  }
  throw invalid(`${field}.document.format`, `${format} documents are not supported by this model; it takes ${EXTRACTABLE_FORMATS.join(", ")}`);
}

/**
 * How the text goes to the model: its name and format as a header, so a prompt that speaks of
 * "the attached report" can be matched to it, then the text between markers.
 */
export function framedDocument(block: DocumentBlock, text: string): string {
  const context = block.context ? `\nContext: ${block.context}` : "";
  return `<document name="${block.name.replace(/"/g, "'")}" format="${block.format}">${context}\n${text}\n</document>`;
}
