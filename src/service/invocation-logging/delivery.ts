import type { ContentBlock, Conversation, ToolResultContent } from "../../kernel/index.js";
import type { LoggingConfig } from "./logging-config.js";

/**
 * The kinds of content Bedrock's delivery flags name, and which flag lets each into a record.
 * Documents count as image data: Bedrock delivers Converse's images and documents together,
 * under imageDataDeliveryEnabled. plinth has no video or audio content blocks yet, so nothing of
 * those kinds can reach a record whatever their flags say.
 */
export type ContentKind = "text" | "image" | "embedding" | "video" | "audio";

const FLAG: Readonly<Record<ContentKind, keyof LoggingConfig>> = {
  text: "textDataDeliveryEnabled",
  image: "imageDataDeliveryEnabled",
  embedding: "embeddingDataDeliveryEnabled",
  video: "videoDataDeliveryEnabled",
  audio: "audioDataDeliveryEnabled",
};

export function delivers(config: LoggingConfig, kind: ContentKind): boolean {
  return config[FLAG[kind]];
}

/** Logging is on for an account when at least one kind of content is delivered: else no record, no buffering. */
export function deliversAnything(config: LoggingConfig | undefined): config is LoggingConfig {
  return config !== undefined && Object.values(FLAG).some((flag) => config[flag]);
}

/** What stands in a record where content of a kind the account did not enable would have been. */
export interface Omitted { readonly omitted: { readonly kinds: readonly ContentKind[]; readonly reason: string } }

export function omitted(kinds: readonly ContentKind[]): Omitted {
  const unique = [...new Set(kinds)].sort();
  return { omitted: { kinds: unique, reason: `${unique.map((k) => FLAG[k]).join(", ")} off for this account` } };
}

/** The kind of a block's content (a tool result's: of each of its parts). */
export function kindsOfBlock(block: ContentBlock | ToolResultContent): ContentKind[] {
  switch (block.type) {
    case "image":
    case "document":
      return ["image"];
    case "toolResult":
      return block.content.flatMap(kindsOfBlock);
    default:
      return ["text"];
  }
}

/** Every kind of content a conversation carries (system prompts, tools and stop sequences are text). */
export function kindsOfConversation(conversation: Conversation): ContentKind[] {
  const kinds = new Set<ContentKind>(conversation.messages.flatMap((m) => m.content.flatMap(kindsOfBlock)));
  if (conversation.system.length > 0 || conversation.tools !== undefined || (conversation.stopSequences?.length ?? 0) > 0) kinds.add("text");
  return [...kinds];
}

/** The kinds among `kinds` the account did not enable. */
export function withheld(config: LoggingConfig, kinds: readonly ContentKind[]): ContentKind[] {
  return kinds.filter((k) => !delivers(config, k));
}
