import type { CacheMark, ContentBlock, Conversation, DocumentBlock, ToolConfig, ToolResultContent } from "../../kernel/index.js";
import type { ConverseBody } from "./codec.js";
import type { WireContentBlock, WireMessage, WireSystemBlock, WireToolConfig, WireToolResultContent } from "./wire.js";

/**
 * The conversation in the SDK's Converse shapes, one to one: documents, reasoning and cache
 * points are Converse's own members. The kernel holds a cache mark on the block it ends;
 * Converse writes it as a `cachePoint` after that block (in messages, system and tools alike).
 */

// The SDK types JSON documents as its own DocumentType; our `unknown` JSON goes in unchanged.
type Doc = NonNullable<Extract<WireToolResultContent, { json: unknown }>["json"]>;
export const doc = (value: unknown): Doc => value as Doc;

const cachePoint = (mark: CacheMark) => ({ cachePoint: { type: "default" as const, ...(mark.ttl ? { ttl: mark.ttl } : {}) } });

function encodeDocument(block: DocumentBlock) {
  return {
    document: {
      format: block.format,
      name: block.name,
      source: "bytes" in block.source ? { bytes: block.source.bytes } : { text: block.source.text },
      ...(block.context !== undefined ? { context: block.context } : {}),
      ...(block.citations !== undefined ? { citations: { enabled: block.citations } } : {}),
    },
  };
}

function encodeToolResultContent(block: ToolResultContent): WireToolResultContent {
  if (block.type === "text") return { text: block.text };
  if (block.type === "image") return { image: { format: block.format, source: { bytes: block.bytes } } };
  if (block.type === "document") return encodeDocument(block);
  return { json: doc(block.json) };
}

function encodeOne(block: ContentBlock): WireContentBlock {
  switch (block.type) {
    case "text": return { text: block.text };
    case "image": return { image: { format: block.format, source: { bytes: block.bytes } } };
    case "document": return encodeDocument(block);
    case "reasoning": return { reasoningContent: { reasoningText: { text: block.text, ...(block.signature !== undefined ? { signature: block.signature } : {}) } } };
    case "redactedReasoning": return { reasoningContent: { redactedContent: block.data } };
    case "toolUse": return { toolUse: { toolUseId: block.toolUseId, name: block.name, input: doc(block.input) } };
    case "toolResult": return {
      toolResult: {
        toolUseId: block.toolUseId,
        content: block.content.map(encodeToolResultContent),
        ...(block.status ? { status: block.status } : {}),
      },
    };
  }
}

/**
 * A block, then its cache point. Converse has no cache point inside a tool result, so a mark on
 * one of its items goes after the whole result: the cached prefix then ends a little later,
 * still covering everything the caller asked to cache.
 */
function encodeBlock(block: ContentBlock): WireContentBlock[] {
  const mark = block.type === "toolResult" ? block.cache ?? block.content.map((c) => (c.type === "json" ? undefined : c.cache)).find((m) => m !== undefined)
    : block.type === "reasoning" || block.type === "redactedReasoning" ? undefined
    : block.cache;
  return mark ? [encodeOne(block), cachePoint(mark)] : [encodeOne(block)];
}

export function encodeTools(tools: ToolConfig): WireToolConfig {
  const choice = tools.toolChoice;
  return {
    tools: tools.tools.flatMap((t) => {
      const spec = {
        toolSpec: {
          name: t.name,
          ...(t.description !== undefined ? { description: t.description } : {}),
          inputSchema: { json: doc(t.inputSchema) },
          ...(t.strict !== undefined ? { strict: t.strict } : {}),
        },
      };
      return t.cache ? [spec, cachePoint(t.cache)] : [spec];
    }),
    ...(choice === undefined ? {}
      : choice.type === "tool" ? { toolChoice: { tool: { name: choice.name } } }
      : choice.type === "any" ? { toolChoice: { any: {} } }
      : { toolChoice: { auto: {} } }),
  };
}

/** messages, system and toolConfig: what CountTokens takes as well. */
export function encodeConversation(conversation: Conversation): Pick<ConverseBody, "messages" | "system" | "toolConfig"> {
  const messages: WireMessage[] = conversation.messages.map((m) => ({ role: m.role, content: m.content.flatMap(encodeBlock) }));
  const system: WireSystemBlock[] = conversation.system.flatMap((b) => (b.cache ? [{ text: b.text }, cachePoint(b.cache)] : [{ text: b.text }]));
  return {
    messages,
    ...(system.length > 0 ? { system } : {}),
    ...(conversation.tools ? { toolConfig: encodeTools(conversation.tools) } : {}),
  };
}
