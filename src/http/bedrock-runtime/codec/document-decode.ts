import { invalid } from "../../../kernel/index.js";
import type { DocumentBlock, DocumentFormat } from "../../../kernel/index.js";
import { at, blob, bool, closed, need, obj, oneOf, own, str, union } from "../validate.js";
import type { RequestTally } from "./request-limits.js";

/**
 * document (BC `DocumentBlock`), in messages and in tool results. The name is the customer's and
 * is content: a refusal states the rule, never the name.
 */
const FORMATS: readonly DocumentFormat[] = ["pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md"];
/** Bedrock's documented alphabet for names; letters and digits of any script count as alphanumeric. */
const NAME_CHARS = /^[\p{L}\p{N}\s()[\]-]+$/u;
const DOUBLE_SPACE = /\s\s/;
const NAME_RULE = "Member must contain only alphanumeric characters, whitespace (no more than one in a row), hyphens, parentheses and square brackets";

const unserved = (what: string): string => `${what} are not supported by this service`;

export function decodeDocument(value: unknown, field: string, tally: RequestTally): DocumentBlock {
  const o = obj(value, field);
  closed(o, field, ["format", "name", "source", "context", "citations"], { shape: "DocumentBlock" });
  const name = str(need(o, "name", field), at(field, "name"), { min: 1, max: 200 });
  if (!NAME_CHARS.test(name) || DOUBLE_SPACE.test(name)) throw invalid(at(field, "name"), NAME_RULE);
  const sourceField = at(field, "source");
  const [kind, raw] = union(obj(need(o, "source", field), sourceField), sourceField, ["bytes", "text"], {
    shape: "DocumentSource",
    refused: {
      s3Location: unserved("S3 sources") + "; send the document as bytes",
      content: unserved("structured document content sources") + "; send the document as bytes or text",
    },
  });
  const bytes = kind === "bytes" ? blob(raw, at(sourceField, "bytes"), { min: 1 }) : undefined;
  const text = kind === "text" ? str(raw, at(sourceField, "text"), { min: 1 }) : "";
  const source = bytes === undefined ? { text } : { bytes };
  const size = bytes === undefined ? Buffer.byteLength(text, "utf8") : bytes.length;
  tally.document(field, size, at(sourceField, kind));
  // The model leaves format optional; a text source is text whatever the caller calls it.
  const rawFormat = own(o, "format");
  if (rawFormat === undefined && kind === "bytes") throw invalid(at(field, "format"), "Member must not be null when the source is bytes");
  const format = rawFormat === undefined ? "txt" : oneOf(rawFormat, at(field, "format"), FORMATS);
  const context = own(o, "context");
  const citations = own(o, "citations");
  return {
    type: "document", format, name, source,
    ...(context === undefined ? {} : { context: str(context, at(field, "context"), { min: 1 }) }),
    ...(citations === undefined ? {} : { citations: decodeCitations(citations, at(field, "citations")) }),
  };
}

function decodeCitations(value: unknown, field: string): boolean {
  const o = obj(value, field);
  closed(o, field, ["enabled"], { shape: "CitationsConfig" });
  return bool(need(o, "enabled", field), at(field, "enabled"));
}
