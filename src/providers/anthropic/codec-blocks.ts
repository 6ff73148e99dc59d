import { invalid } from "../../kernel/index.js";
import type { CacheMark, ContentBlock, Conversation, DocumentBlock, Message, ToolResultContent, ToolSpec } from "../../kernel/index.js";
import { base64 } from "../http-upstream/index.js";
import type { CacheControl, DocumentBlock as WireDocument, ImageBlock, MessageParam, Prompt, RequestBlock, TextBlock, Tool } from "./wire.js";

/**
 * Content blocks, system text and tools into the Messages API's shapes. A cache mark becomes
 * `cache_control` on the very block that carries it, which is where Anthropic reads it; fields
 * in faults are the Converse paths of the block (`messages.0.content.2.document.format`).
 */

const cacheControl = (mark: CacheMark | undefined): { cache_control?: CacheControl } =>
  mark ? { cache_control: { type: "ephemeral", ...(mark.ttl ? { ttl: mark.ttl } : {}) } } : {};

const textDecoder = new TextDecoder("utf-8", { fatal: true });

/** PDFs natively; the text formats as plain-text sources. Word and Excel the API does not take. */
export function toDocument(block: DocumentBlock, field: string): WireDocument {
  const { format, source } = block;
  let wireSource: WireDocument["source"];
  if (format === "pdf") {
    if (!("bytes" in source)) throw invalid(`${field}.document.source.text`, "a pdf document must be given as bytes");
    wireSource = { type: "base64", media_type: "application/pdf", data: base64(source.bytes) };
  } else if (format === "txt" || format === "md" || format === "csv" || format === "html") {
    let data: string;
    if ("text" in source) data = source.text;
    else {
      try { data = textDecoder.decode(source.bytes); } catch { throw invalid(`${field}.document.source.bytes`, `a ${format} document must be UTF-8 text`); }
    }
    wireSource = { type: "text", media_type: "text/plain", data };
  } else {
    throw invalid(`${field}.document.format`, `${format} documents are not supported by this model; it takes pdf, txt, md, csv and html`);
  }
  return {
    type: "document", source: wireSource, title: block.name,
    ...(block.context !== undefined ? { context: block.context } : {}),
    ...(block.citations !== undefined ? { citations: { enabled: block.citations } } : {}),
    ...cacheControl(block.cache),
  };
}

function toImage(format: string, bytes: Uint8Array, mark?: CacheMark): ImageBlock {
  return { type: "image", source: { type: "base64", media_type: `image/${format}`, data: base64(bytes) }, ...cacheControl(mark) };
}

/** Tool results hold text, images and documents; JSON goes as its text, which is what the model reads anyway. */
function toResultContent(content: ToolResultContent, field: string): TextBlock | ImageBlock | WireDocument {
  if (content.type === "text") return { type: "text", text: content.text, ...cacheControl(content.cache) };
  if (content.type === "image") return toImage(content.format, content.bytes, content.cache);
  if (content.type === "document") return toDocument(content, field);
  return { type: "text", text: JSON.stringify(content.json) };
}

const utf8 = new TextDecoder();

function toBlock(block: ContentBlock, field: string): RequestBlock {
  switch (block.type) {
    case "text": return { type: "text", text: block.text, ...cacheControl(block.cache) };
    case "image": return toImage(block.format, block.bytes, block.cache);
    case "document": return toDocument(block, field);
    // Thinking goes back as it came: the signature lets the API check it was not altered.
    case "reasoning":
      if (block.signature === undefined) throw invalid(`${field}.reasoningContent.reasoningText.signature`, "reasoning sent back to this model must carry the signature it came with");
      return { type: "thinking", thinking: block.text, signature: block.signature };
    // The API's opaque string, which plinth carried as its UTF-8 bytes (see fromResponseBlock).
    case "redactedReasoning": return { type: "redacted_thinking", data: utf8.decode(block.data) };
    case "toolUse": return { type: "tool_use", id: block.toolUseId, name: block.name, input: block.input ?? {}, ...cacheControl(block.cache) };
    case "toolResult": return {
      type: "tool_result",
      tool_use_id: block.toolUseId,
      content: block.content.map((c, k) => toResultContent(c, `${field}.toolResult.content.${k}`)),
      ...(block.status === "error" ? { is_error: true } : {}),
      ...cacheControl(block.cache),
    };
  }
}

function toMessage(message: Message, i: number): MessageParam {
  return { role: message.role, content: message.content.map((b, j) => toBlock(b, `messages.${i}.content.${j}`)) };
}

function toTool(tool: ToolSpec): Tool {
  return {
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    input_schema: tool.inputSchema,
    ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
    ...cacheControl(tool.cache),
  };
}

export function toPrompt(model: string, conversation: Conversation): Prompt {
  const prompt: Prompt = { model, messages: conversation.messages.map(toMessage) };
  if (conversation.system.length > 0) prompt.system = conversation.system.map((b) => ({ type: "text", text: b.text, ...cacheControl(b.cache) }));
  const tools = conversation.tools;
  if (tools && tools.tools.length > 0) {
    prompt.tools = tools.tools.map(toTool);
    if (tools.toolChoice) prompt.tool_choice = tools.toolChoice.type === "tool" ? { type: "tool", name: tools.toolChoice.name } : { type: tools.toolChoice.type };
  }
  return prompt;
}
