import type { ContentBlock, ImageBlock, TextBlock, ImageFormat, Message, ReasoningBlock, RedactedReasoningBlock, Role, ToolResultContent } from "../../../kernel/index.js";
import { at, blob, closed, list, need, obj, oneOf, own, str, union } from "../validate.js";
import { markPrevious } from "./cache-decode.js";
import { decodeDocument } from "./document-decode.js";
import type { RequestTally } from "./request-limits.js";

/**
 * Message content: Bedrock's ContentBlock union (BC `bedrock-runtime` shapes) decoded into the
 * kernel's blocks. Members with no place in the domain are refused by name, never dropped. A
 * cachePoint becomes a CacheMark on the block before it (cache-decode.ts).
 */
const IMAGE_FORMATS: readonly ImageFormat[] = ["png", "jpeg", "gif", "webp"];
const ROLES: readonly Role[] = ["user", "assistant"];
export const TOOL_NAME = { min: 1, max: 64, pattern: /^[a-zA-Z0-9_-]+$/, patternText: "[a-zA-Z0-9_-]+" } as const;
const TOOL_USE_ID = { min: 1, max: 64, pattern: /^[a-zA-Z0-9_.:-]+$/, patternText: "[a-zA-Z0-9_.:-]+" } as const;

const unserved = (what: string): string => `${what} are not supported by this service`;
const REFUSED_BLOCKS = {
  video: unserved("video blocks"),
  audio: unserved("audio blocks"),
  citationsContent: unserved("citationsContent blocks"),
  searchResult: unserved("searchResult blocks"),
  toolAddition: unserved("toolAddition blocks"),
  toolRemoval: unserved("toolRemoval blocks"),
};
const BLOCKS = ["text", "image", "document", "reasoningContent", "toolUse", "toolResult", "guardContent"] as const;
const RESULT_BLOCKS = ["json", "text", "image", "document"] as const;

export function decodeImage(value: unknown, field: string): ImageBlock {
  const o = obj(value, field);
  closed(o, field, ["format", "source"], { shape: "ImageBlock", refused: { error: "error is an output-only member" } });
  const format = oneOf(need(o, "format", field), at(field, "format"), IMAGE_FORMATS);
  const sourceField = at(field, "source");
  const [, bytes] = union(obj(need(o, "source", field), sourceField), sourceField, ["bytes"], {
    shape: "ImageSource",
    refused: { s3Location: unserved("S3 sources") + "; send the image as bytes" },
  });
  return { type: "image", format, bytes: blob(bytes, at(sourceField, "bytes"), { min: 1 }) };
}

/**
 * guardContent text is content the model sees like any text; where a request holds any, a
 * guardrail evaluates only those blocks (Bedrock's rule), so the block keeps its mark.
 */
export function decodeGuardText(value: unknown, field: string): TextBlock {
  const [, text] = union(obj(value, field), field, ["text"], {
    shape: "GuardrailConverseContentBlock",
    refused: { image: unserved("guardContent images") },
  });
  const textField = at(field, "text");
  const t = obj(text, textField);
  closed(t, textField, ["text", "qualifiers"], { shape: "GuardrailConverseTextBlock" });
  const q = own(t, "qualifiers");
  const qualifiers = q === undefined ? [] : list(q, at(textField, "qualifiers")).map((v, i) =>
    oneOf(v, at(at(textField, "qualifiers"), i), ["grounding_source", "query", "guard_content"] as const));
  const block = { type: "text" as const, text: str(need(t, "text", textField), at(textField, "text"), { min: 1 }), guard: true as const };
  return qualifiers.length === 0 ? block : { ...block, qualifiers: [...new Set(qualifiers)] };
}

function decodeToolResultContent(value: unknown, field: string, tally: RequestTally): ToolResultContent {
  const [key, v] = union(obj(value, field), field, RESULT_BLOCKS, {
    shape: "ToolResultContentBlock",
    refused: { video: unserved("video blocks"), searchResult: unserved("searchResult blocks") },
  });
  if (key === "text") return { type: "text", text: str(v, at(field, "text")) };
  if (key === "image") return decodeImage(v, at(field, "image"));
  if (key === "document") return decodeDocument(v, at(field, "document"), tally);
  return { type: "json", json: v };
}

/**
 * reasoningContent (BC `ReasoningContentBlock`): an assistant turn's reasoning sent back, as text
 * with the signature that proves it unaltered, or as the opaque bytes of redacted reasoning.
 */
function decodeReasoning(value: unknown, field: string): ReasoningBlock | RedactedReasoningBlock {
  const [key, v] = union(obj(value, field), field, ["reasoningText", "redactedContent"], { shape: "ReasoningContentBlock" });
  const f = at(field, key);
  if (key === "redactedContent") return { type: "redactedReasoning", data: blob(v, f, { min: 1 }) };
  const o = obj(v, f);
  closed(o, f, ["text", "signature"], { shape: "ReasoningTextBlock" });
  const signature = own(o, "signature");
  return {
    type: "reasoning",
    text: str(need(o, "text", f), at(f, "text")),
    ...(signature === undefined ? {} : { signature: str(signature, at(f, "signature"), { min: 1 }) }),
  };
}

/** The block under `key` of one ContentBlock (a cachePoint is handled by the list it sits in). */
function decodeBlock(key: (typeof BLOCKS)[number], v: unknown, f: string, tally: RequestTally): ContentBlock {
  switch (key) {
    // The model has no minimum here, but Bedrock answers an empty text block with a ValidationException.
    case "text": return { type: "text", text: str(v, f, { min: 1 }) };
    case "image": return decodeImage(v, f);
    case "document": return decodeDocument(v, f, tally);
    case "reasoningContent": return decodeReasoning(v, f);
    case "guardContent": return decodeGuardText(v, f);
    case "toolUse": {
      const o = obj(v, f);
      closed(o, f, ["toolUseId", "name", "input"], { shape: "ToolUseBlock", refused: { type: unserved("server tool use blocks") } });
      return {
        type: "toolUse",
        toolUseId: str(need(o, "toolUseId", f), at(f, "toolUseId"), TOOL_USE_ID),
        name: str(need(o, "name", f), at(f, "name"), TOOL_NAME),
        input: need(o, "input", f),
      };
    }
    default: {
      const o = obj(v, f);
      closed(o, f, ["toolUseId", "content", "status"], { shape: "ToolResultBlock", refused: { type: unserved("server tool result blocks") } });
      const status = own(o, "status");
      const content = list(need(o, "content", f), at(f, "content"));
      return {
        type: "toolResult",
        toolUseId: str(need(o, "toolUseId", f), at(f, "toolUseId"), TOOL_USE_ID),
        ...(status === undefined ? {} : { status: oneOf(status, at(f, "status"), ["success", "error"] as const) }),
        content: content.map((c, i) => decodeToolResultContent(c, at(at(f, "content"), i), tally)),
      };
    }
  }
}

const cacheable = (b: ContentBlock): boolean => b.type !== "reasoning" && b.type !== "redactedReasoning";

export function decodeMessages(value: unknown, field: string, tally: RequestTally): Message[] {
  return list(value, field, { min: 1 }).map((m, i) => {
    const mf = at(field, i);
    const o = obj(m, mf);
    closed(o, mf, ["role", "content"], { shape: "Message" });
    const role = oneOf(need(o, "role", mf), at(mf, "role"), ROLES);
    const cf = at(mf, "content");
    const content: ContentBlock[] = [];
    list(need(o, "content", mf), cf, { min: 1 }).forEach((b, j) => {
      const bf = at(cf, j);
      const [key, v] = union(obj(b, bf), bf, [...BLOCKS, "cachePoint"], { shape: "ContentBlock", refused: REFUSED_BLOCKS });
      if (key === "cachePoint") markPrevious(content, v, at(bf, key), "messages", tally, cacheable);
      else content.push(decodeBlock(key as (typeof BLOCKS)[number], v, at(bf, key), tally));
    });
    return { role, content };
  });
}

/** SystemContentBlock[]: text and guardContent text become system text blocks. */
export function decodeSystem(value: unknown, field: string, tally: RequestTally): TextBlock[] {
  const out: TextBlock[] = [];
  list(value, field).forEach((b, i) => {
    const bf = at(field, i);
    const [key, v] = union(obj(b, bf), bf, ["text", "guardContent", "cachePoint"], { shape: "SystemContentBlock" });
    if (key === "text") out.push({ type: "text", text: str(v, at(bf, "text"), { min: 1 }) });
    else if (key === "guardContent") out.push(decodeGuardText(v, at(bf, "guardContent")));
    else markPrevious(out, v, at(bf, "cachePoint"), "system", tally);
  });
  return out;
}
