import { invalid } from "../../../kernel/index.js";
import type { ContentBlock, ImageBlock, ImageFormat, Message, Role, TextBlock, ToolResultContent } from "../../../kernel/index.js";
import { at, bool, closed, list, need, obj, oneOf, own, str } from "../validate.js";
import type { Obj } from "../validate.js";
import { decodeDocument } from "./anthropic-document.js";
import { cacheMark, marked, MAX_IMAGES } from "./anthropic-limits.js";
import type { RequestBudget } from "./anthropic-limits.js";
import { decodeImage } from "./images.js";

/**
 * Anthropic Messages content: a string or a list of text / image / document / thinking /
 * redacted_thinking / tool_use / tool_result blocks. `cache_control` becomes the kernel's cache
 * mark on the block. Thinking blocks go back to the model as they came (the signature proves
 * them unaltered); redacted thinking is opaque: its `data` string is kept as its UTF-8 bytes, the
 * adapter's way back. Other block types (citations' search results, server-tool blocks, tool
 * references) are refused by the type enum: the kernel has no place for them, and dropping them
 * would change the conversation. Images: Bedrock's limits for Claude, 3.75 MB each, base64
 * sources only (a URL source would make plinth fetch on the caller's behalf).
 */
const ROLES: readonly Role[] = ["user", "assistant"];
const BLOCK_TYPES = ["text", "image", "document", "thinking", "redacted_thinking", "tool_use", "tool_result"] as const;
const RESULT_TYPES = ["text", "image", "document"] as const;
const MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
const MAX_IMAGE_BYTES = 3_932_160;
const ID = /^[a-zA-Z0-9_-]{1,64}$/;

function text(o: Obj, field: string, budget: RequestBudget): TextBlock {
  closed(o, field, ["type", "text", "cache_control"], { refused: { citations: "the citations of an earlier answer cannot be carried; send its text alone" } });
  return marked({ type: "text", text: str(need(o, "text", field), at(field, "text")) }, cacheMark(o, field, budget));
}

function image(o: Obj, field: string, budget: RequestBudget): ImageBlock {
  closed(o, field, ["type", "source", "cache_control"]);
  if (++budget.images > MAX_IMAGES) throw invalid(field, `Member exceeds the limit of ${MAX_IMAGES} images per request`);
  const sourceField = at(field, "source");
  const source = obj(need(o, "source", field), sourceField);
  closed(source, sourceField, ["type", "media_type", "data"]);
  oneOf(need(source, "type", sourceField), at(sourceField, "type"), ["base64"]);
  const mediaType = oneOf(need(source, "media_type", sourceField), at(sourceField, "media_type"), MEDIA_TYPES);
  const declared = mediaType.slice("image/".length) as ImageFormat;
  const block: ImageBlock = { type: "image", ...decodeImage(need(source, "data", sourceField), at(sourceField, "data"), MAX_IMAGE_BYTES, declared) };
  return marked(block, cacheMark(o, field, budget));
}

function id(value: unknown, field: string): string {
  const s = str(value, field, { min: 1, max: 64 });
  if (!ID.test(s)) throw invalid(field, "Member must satisfy regular expression pattern: ^[a-zA-Z0-9_-]{1,64}$");
  return s;
}

function toolResultContent(value: unknown, field: string, budget: RequestBudget): ToolResultContent[] {
  if (typeof value === "string") return [{ type: "text", text: value }];
  return list(value, field).map((v, i) => {
    const f = at(field, i);
    const o = obj(v, f);
    const type = oneOf(need(o, "type", f), at(f, "type"), RESULT_TYPES);
    return type === "text" ? text(o, f, budget) : type === "image" ? image(o, f, budget) : decodeDocument(o, f, budget);
  });
}

function only(role: Role, expected: Role, field: string, type: string): void {
  if (role !== expected) throw invalid(at(field, "type"), `${type} blocks are only allowed in ${expected} messages`);
}

function block(value: unknown, field: string, role: Role, budget: RequestBudget): ContentBlock {
  const o = obj(value, field);
  const type = oneOf(need(o, "type", field), at(field, "type"), BLOCK_TYPES);
  switch (type) {
    case "text":
      return text(o, field, budget);
    case "image":
      return image(o, field, budget);
    case "document":
      return decodeDocument(o, field, budget);
    case "thinking": {
      only(role, "assistant", field, type);
      closed(o, field, ["type", "thinking", "signature"]);
      return { type: "reasoning", text: str(need(o, "thinking", field), at(field, "thinking")), signature: str(need(o, "signature", field), at(field, "signature")) };
    }
    case "redacted_thinking": {
      only(role, "assistant", field, type);
      closed(o, field, ["type", "data"]);
      return { type: "redactedReasoning", data: new Uint8Array(Buffer.from(str(need(o, "data", field), at(field, "data"), { min: 1 }), "utf8")) };
    }
    case "tool_use": {
      only(role, "assistant", field, type);
      closed(o, field, ["type", "id", "name", "input", "cache_control"]);
      const input = obj(need(o, "input", field), at(field, "input"));
      const use = { type: "toolUse" as const, toolUseId: id(need(o, "id", field), at(field, "id")), name: id(need(o, "name", field), at(field, "name")), input };
      return marked(use, cacheMark(o, field, budget));
    }
    case "tool_result": {
      only(role, "user", field, type);
      closed(o, field, ["type", "tool_use_id", "content", "is_error", "cache_control"]);
      const content = own(o, "content");
      const isError = own(o, "is_error");
      const result = {
        type: "toolResult" as const,
        toolUseId: id(need(o, "tool_use_id", field), at(field, "tool_use_id")),
        content: content === undefined ? [] : toolResultContent(content, at(field, "content"), budget),
        ...(isError === undefined ? {} : { status: bool(isError, at(field, "is_error")) ? "error" as const : "success" as const }),
      };
      return marked(result, cacheMark(o, field, budget));
    }
  }
}

export function decodeMessage(value: unknown, field: string, budget: RequestBudget): Message {
  const o = obj(value, field);
  closed(o, field, ["role", "content"]);
  const role = oneOf(need(o, "role", field), at(field, "role"), ROLES);
  const content = need(o, "content", field);
  const contentField = at(field, "content");
  if (typeof content === "string") return { role, content: [{ type: "text", text: content }] };
  return { role, content: list(content, contentField, { min: 1 }).map((b, i) => block(b, at(contentField, i), role, budget)) };
}
