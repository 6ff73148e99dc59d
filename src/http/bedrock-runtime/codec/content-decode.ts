import { invalid } from "../../../kernel/index.js";
import type { ContentBlock, ImageBlock, TextBlock, ImageFormat, Message, Role, ToolResultContent } from "../../../kernel/index.js";
import { at, blob, closed, list, need, obj, oneOf, own, str, union } from "../validate.js";

/**
 * Message content: Bedrock's ContentBlock union (BC `bedrock-runtime` shapes) decoded into the
 * kernel's blocks. Members with no place in the domain are refused by name, never dropped,
 * except cachePoint: a prompt-caching hint with no effect on what the model says (plinth keeps
 * no prompt cache), so SDKs and frameworks that always send one keep working.
 */
const IMAGE_FORMATS: readonly ImageFormat[] = ["png", "jpeg", "gif", "webp"];
const ROLES: readonly Role[] = ["user", "assistant"];
export const TOOL_NAME = { min: 1, max: 64, pattern: /^[a-zA-Z0-9_-]+$/, patternText: "[a-zA-Z0-9_-]+" } as const;
const TOOL_USE_ID = { min: 1, max: 64, pattern: /^[a-zA-Z0-9_.:-]+$/, patternText: "[a-zA-Z0-9_.:-]+" } as const;

const unserved = (what: string): string => `${what} are not supported by this service`;
const REFUSED_BLOCKS = {
  document: unserved("document blocks"),
  video: unserved("video blocks"),
  audio: unserved("audio blocks"),
  reasoningContent: unserved("reasoningContent blocks"),
  citationsContent: unserved("citationsContent blocks"),
  searchResult: unserved("searchResult blocks"),
  toolAddition: unserved("toolAddition blocks"),
  toolRemoval: unserved("toolRemoval blocks"),
};
const BLOCKS = ["text", "image", "toolUse", "toolResult", "guardContent", "cachePoint"] as const;
const RESULT_BLOCKS = ["json", "text", "image"] as const;

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

/** cachePoint is checked like any member, then dropped (see the header comment). */
export function checkCachePoint(value: unknown, field: string): void {
  const o = obj(value, field);
  closed(o, field, ["type", "ttl"], { shape: "CachePointBlock" });
  oneOf(need(o, "type", field), at(field, "type"), ["default"]);
  const ttl = own(o, "ttl");
  if (ttl !== undefined) oneOf(ttl, at(field, "ttl"), ["5m", "1h"]);
}

/**
 * guardContent text is content the model sees like any text. Bedrock also lets it narrow what a
 * guardrail evaluates; until guardrails land plinth evaluates all content, which is stricter.
 */
export function decodeGuardText(value: unknown, field: string): string {
  const [, text] = union(obj(value, field), field, ["text"], {
    shape: "GuardrailConverseContentBlock",
    refused: { image: unserved("guardContent images") },
  });
  const textField = at(field, "text");
  const t = obj(text, textField);
  closed(t, textField, ["text", "qualifiers"], { shape: "GuardrailConverseTextBlock" });
  const qualifiers = own(t, "qualifiers");
  if (qualifiers !== undefined) {
    list(qualifiers, at(textField, "qualifiers")).forEach((q, i) =>
      oneOf(q, at(at(textField, "qualifiers"), i), ["grounding_source", "query", "guard_content"]));
  }
  return str(need(t, "text", textField), at(textField, "text"), { min: 1 });
}

function decodeToolResultContent(value: unknown, field: string): ToolResultContent {
  const [key, v] = union(obj(value, field), field, RESULT_BLOCKS, {
    shape: "ToolResultContentBlock",
    refused: { document: unserved("document blocks"), video: unserved("video blocks"), searchResult: unserved("searchResult blocks") },
  });
  if (key === "text") return { type: "text", text: str(v, at(field, "text")) };
  if (key === "image") return decodeImage(v, at(field, "image"));
  return { type: "json", json: v };
}

/** One ContentBlock, or undefined for a cachePoint. */
export function decodeBlock(value: unknown, field: string): ContentBlock | undefined {
  const [key, v] = union(obj(value, field), field, BLOCKS, { shape: "ContentBlock", refused: REFUSED_BLOCKS });
  const f = at(field, key);
  switch (key) {
    // The model has no minimum here, but Bedrock answers an empty text block with a ValidationException.
    case "text": return { type: "text", text: str(v, f, { min: 1 }) };
    case "image": return decodeImage(v, f);
    case "guardContent": return { type: "text", text: decodeGuardText(v, f) };
    case "cachePoint": checkCachePoint(v, f); return undefined;
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
        content: content.map((c, i) => decodeToolResultContent(c, at(at(f, "content"), i))),
      };
    }
  }
}

export function decodeMessages(value: unknown, field: string): Message[] {
  return list(value, field, { min: 1 }).map((m, i) => {
    const mf = at(field, i);
    const o = obj(m, mf);
    closed(o, mf, ["role", "content"], { shape: "Message" });
    const role = oneOf(need(o, "role", mf), at(mf, "role"), ROLES);
    const raw = list(need(o, "content", mf), at(mf, "content"), { min: 1 });
    const content = raw.map((b, j) => decodeBlock(b, at(at(mf, "content"), j))).filter((b) => b !== undefined);
    if (content.length === 0) throw invalid(at(mf, "content"), "Member must contain a block other than cachePoint");
    return { role, content };
  });
}

/** SystemContentBlock[]: text and guardContent text become system strings; cachePoint is dropped. */
export function decodeSystem(value: unknown, field: string): TextBlock[] {
  const out: TextBlock[] = [];
  list(value, field).forEach((b, i) => {
    const bf = at(field, i);
    const [key, v] = union(obj(b, bf), bf, ["text", "guardContent", "cachePoint"], { shape: "SystemContentBlock" });
    if (key === "text") out.push({ type: "text", text: str(v, at(bf, "text"), { min: 1 }) });
    else if (key === "guardContent") out.push({ type: "text", text: decodeGuardText(v, at(bf, "guardContent")) });
    else checkCachePoint(v, at(bf, "cachePoint"));
  });
  return out;
}
