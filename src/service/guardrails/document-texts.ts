import type { DocumentBlock, DocumentFormat } from "../../kernel/index.js";

/**
 * What a guardrail reads of a document: its name and context (both reach the model: as its
 * title, or in the header of the text an adapter frames) and its text, where plinth holds it as
 * text — a text source, or the bytes of a text format that decode as UTF-8, as the adapters that
 * send documents as text decode them (providers/documents). Those are the formats whose bytes
 * are their text; a pdf, Word or Excel file's bytes are not, and plinth's detectors cannot read
 * them: `unread` names where those bytes are, and the caller decides what that means.
 */
export interface DocumentTexts {
  readonly texts: readonly string[];
  /** The path of bytes the guardrail did not read (`….document.source.bytes`), when there are some. */
  readonly unread?: string;
  /** The document with its texts replaced in order (ANONYMIZE's masks): text bytes stay bytes. */
  rebuild(outputs: readonly string[]): DocumentBlock;
}

const TEXT_FORMATS: ReadonlySet<DocumentFormat> = new Set(["txt", "md", "csv", "html"]);
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** `field`: the block's path (`messages.0.content.1`), as the codecs name it. */
export function documentTexts(block: DocumentBlock, field: string): DocumentTexts {
  const { source } = block;
  const body = "text" in source ? source.text : TEXT_FORMATS.has(block.format) ? utf8(source.bytes) : undefined;
  // Empty strings (an Anthropic document without a title) carry nothing to read.
  const parts = [block.name, block.context ?? "", body ?? ""];
  const read = parts.map((p) => p !== "");
  return {
    texts: parts.filter((_, i) => read[i]),
    ...(body === undefined ? { unread: `${field}.document.source.bytes` } : {}),
    rebuild(outputs) {
      let k = 0;
      const [name, context, text] = parts.map((p, i) => (read[i] ? outputs[k++]! : p)) as [string, string, string];
      const rebuiltSource = body === undefined || text === body ? source : "text" in source ? { text } : { bytes: new TextEncoder().encode(text) };
      return {
        ...block,
        name: name === block.name ? name : documentName(name),
        ...(block.context === undefined ? {} : { context }),
        source: rebuiltSource,
      };
    },
  };
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A masked name in Bedrock's alphabet for document names (letters, digits, single spaces,
 * hyphens, parentheses, square brackets), which a Bedrock upstream enforces: `{EMAIL}` becomes
 * `[EMAIL]`, and anything else outside it a hyphen.
 */
function documentName(masked: string): string {
  return masked.replace(/\{/g, "[").replace(/\}/g, "]").replace(/[^\p{L}\p{N}\s()[\]-]/gu, "-").replace(/\s+/g, " ");
}
