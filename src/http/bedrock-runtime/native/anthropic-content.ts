import { invalid } from "../../../kernel/index.js";
import type { ContentBlock, ImageBlock, ImageFormat, Message, Role, TextBlock, ToolResultContent } from "../../../kernel/index.js";
import { at, bool, closed, list, need, obj, oneOf, own, str } from "../validate.js";
import { decodeImage } from "./images.js";

/**
 * Anthropic Messages content: a string or a list of text / image / tool_use / tool_result
 * blocks. `cache_control` is accepted and dropped (a prompt-caching hint; plinth keeps no prompt
 * cache, and SDKs send it freely). Other block types (document, thinking, server tools) are
 * refused: the domain has no place for them, and dropping them would change the conversation.
 * Image limits are Bedrock's for Claude: 20 per request, 3.75 MB each, base64 sources only (a
 * URL source would make plinth fetch on the caller's behalf).
 */
const ROLES: readonly Role[] = ["user", "assistant"];
const BLOCK_TYPES = ["text", "image", "tool_use", "tool_result"] as const;
const MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
const MAX_IMAGE_BYTES = 3_932_160;
export const MAX_IMAGES = 20;
const ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** Counts images across one request. */
export interface ImageBudget {
  count: number;
}

function text(o: Readonly<Record<string, unknown>>, field: string): TextBlock {
  closed(o, field, ["type", "text", "cache_control"]);
  return { type: "text", text: str(need(o, "text", field), at(field, "text")) };
}

function image(o: Readonly<Record<string, unknown>>, field: string, budget: ImageBudget): ImageBlock {
  closed(o, field, ["type", "source", "cache_control"]);
  if (++budget.count > MAX_IMAGES) throw invalid(field, `Member exceeds the limit of ${MAX_IMAGES} images per request`);
  const sourceField = at(field, "source");
  const source = obj(need(o, "source", field), sourceField);
  closed(source, sourceField, ["type", "media_type", "data"]);
  oneOf(need(source, "type", sourceField), at(sourceField, "type"), ["base64"]);
  const mediaType = oneOf(need(source, "media_type", sourceField), at(sourceField, "media_type"), MEDIA_TYPES);
  const declared = mediaType.slice("image/".length) as ImageFormat;
  return { type: "image", ...decodeImage(need(source, "data", sourceField), at(sourceField, "data"), MAX_IMAGE_BYTES, declared) };
}

function id(value: unknown, field: string): string {
  const s = str(value, field, { min: 1, max: 64 });
  if (!ID.test(s)) throw invalid(field, "Member must satisfy regular expression pattern: ^[a-zA-Z0-9_-]{1,64}$");
  return s;
}

function toolResultContent(value: unknown, field: string, budget: ImageBudget): ToolResultContent[] {
  if (typeof value === "string") return [{ type: "text", text: value }];
  return list(value, field).map((v, i) => {
    const f = at(field, i);
    const o = obj(v, f);
    const type = oneOf(need(o, "type", f), at(f, "type"), ["text", "image"]);
    return type === "text" ? text(o, f) : image(o, f, budget);
  });
}

function block(value: unknown, field: string, role: Role, budget: ImageBudget): ContentBlock {
  const o = obj(value, field);
  const type = oneOf(need(o, "type", field), at(field, "type"), BLOCK_TYPES);
  switch (type) {
    case "text":
      return text(o, field);
    case "image":
      return image(o, field, budget);
    case "tool_use": {
      if (role !== "assistant") throw invalid(at(field, "type"), "tool_use blocks are only allowed in assistant messages");
      closed(o, field, ["type", "id", "name", "input", "cache_control"]);
      const input = obj(need(o, "input", field), at(field, "input"));
      return { type: "toolUse", toolUseId: id(need(o, "id", field), at(field, "id")), name: id(need(o, "name", field), at(field, "name")), input };
    }
    case "tool_result": {
      if (role !== "user") throw invalid(at(field, "type"), "tool_result blocks are only allowed in user messages");
      closed(o, field, ["type", "tool_use_id", "content", "is_error", "cache_control"]);
      const content = own(o, "content");
      const isError = own(o, "is_error");
      return {
        type: "toolResult",
        toolUseId: id(need(o, "tool_use_id", field), at(field, "tool_use_id")),
        content: content === undefined ? [] : toolResultContent(content, at(field, "content"), budget),
        ...(isError === undefined ? {} : { status: bool(isError, at(field, "is_error")) ? "error" : "success" }),
      };
    }
  }
}

export function decodeMessage(value: unknown, field: string, budget: ImageBudget): Message {
  const o = obj(value, field);
  closed(o, field, ["role", "content"]);
  const role = oneOf(need(o, "role", field), at(field, "role"), ROLES);
  const content = need(o, "content", field);
  const contentField = at(field, "content");
  if (typeof content === "string") return { role, content: [{ type: "text", text: content }] };
  return { role, content: list(content, contentField, { min: 1 }).map((b, i) => block(b, at(contentField, i), role, budget)) };
}
