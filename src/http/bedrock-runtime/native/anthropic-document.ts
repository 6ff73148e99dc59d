import { invalid } from "../../../kernel/index.js";
import type { DocumentBlock } from "../../../kernel/index.js";
import { at, blob, bool, closed, list, need, obj, oneOf, own, str } from "../validate.js";
import type { Obj } from "../validate.js";
import { cacheMark, marked } from "./anthropic-limits.js";
import type { RequestBudget } from "./anthropic-limits.js";

/**
 * Anthropic `document` blocks: a base64 PDF, plain text, or "custom content" (a string or text
 * blocks). URL and Files-API sources are refused: the first would make plinth fetch on the
 * caller's behalf, the second names a file plinth does not hold. `title` is the kernel's `name`
 * (empty when there is none, so an adapter can leave it out rather than invent one); custom
 * content's text blocks are joined by blank lines, which is how the model reads them anyway.
 */
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

function pdf(source: Obj, field: string): Uint8Array {
  closed(source, field, ["type", "media_type", "data"]);
  oneOf(need(source, "media_type", field), at(field, "media_type"), ["application/pdf"]);
  const bytes = blob(need(source, "data", field), at(field, "data"), { min: 1 });
  if (!PDF_MAGIC.every((b, i) => bytes[i] === b)) throw invalid(at(field, "data"), "Member must be a PDF document");
  return bytes;
}

function plainText(source: Obj, field: string): string {
  closed(source, field, ["type", "media_type", "data"]);
  oneOf(need(source, "media_type", field), at(field, "media_type"), ["text/plain"]);
  return str(need(source, "data", field), at(field, "data"));
}

function customContent(source: Obj, field: string): string {
  closed(source, field, ["type", "content"]);
  const content = need(source, "content", field);
  const f = at(field, "content");
  if (typeof content === "string") return content;
  return list(content, f, { min: 1 }).map((v, i) => {
    const bf = at(f, i);
    const b = obj(v, bf);
    closed(b, bf, ["type", "text"]);
    oneOf(need(b, "type", bf), at(bf, "type"), ["text"]);
    return str(need(b, "text", bf), at(bf, "text"));
  }).join("\n\n");
}

export function decodeDocument(o: Obj, field: string, budget: RequestBudget): DocumentBlock {
  closed(o, field, ["type", "source", "title", "context", "citations", "cache_control"]);
  const sf = at(field, "source");
  const source = obj(need(o, "source", field), sf);
  const kind = oneOf(need(source, "type", sf), at(sf, "type"), ["base64", "text", "content"]);
  const decoded: Pick<DocumentBlock, "format" | "source"> = kind === "base64"
    ? { format: "pdf", source: { bytes: pdf(source, sf) } }
    : { format: "txt", source: { text: kind === "text" ? plainText(source, sf) : customContent(source, sf) } };
  const title = own(o, "title");
  const context = own(o, "context");
  const citations = own(o, "citations");
  let cited: boolean | undefined;
  if (citations !== undefined) {
    const cf = at(field, "citations");
    const c = obj(citations, cf);
    closed(c, cf, ["enabled"]);
    const enabled = own(c, "enabled");
    cited = enabled === undefined ? undefined : bool(enabled, at(cf, "enabled"));
  }
  const block: DocumentBlock = {
    type: "document",
    ...decoded,
    name: title === undefined ? "" : str(title, at(field, "title"), { max: 500 }),
    ...(context === undefined ? {} : { context: str(context, at(field, "context")) }),
    ...(cited === undefined ? {} : { citations: cited }),
  };
  return marked(block, cacheMark(o, field, budget));
}
