import { invalid } from "../../../kernel/index.js";
import type { EmbedResult } from "../../../kernel/index.js";
import type { EmbedCommand } from "../../../service/commands.js";
import { cohereEmbed } from "./cohere-embed.js";
import { titanEmbed } from "./titan-embed.js";
import type { NativeDecoded, NativeEmbedOptions, NativeFamily } from "./types.js";

/**
 * Models discovered on this machine (`local.<file>`) have no Bedrock family of their own, so an
 * embedding model among them takes the two embedding bodies clients already send: Titan's
 * `{inputText}` (G1 shape) and Cohere's `{texts, input_type}`, told apart by their members.
 * Whether the model embeds at all is the catalogue's to say (a chat model is refused there).
 */
function decode(body: unknown, modelId: string): NativeDecoded {
  const members = typeof body === "object" && body !== null && !Array.isArray(body) ? Object.keys(body) : [];
  if (members.includes("texts")) return cohereEmbed.decode(body, modelId);
  if (members.includes("inputText")) return titanEmbed.decode(body, modelId);
  throw invalid("", "a local model takes an embedding body, Titan's {inputText} or Cohere's {texts, input_type}; call chat models with Converse");
}

/** Cohere's body always names an input_type, which becomes the purpose; Titan's never does. */
function encodeEmbed(result: EmbedResult, command: EmbedCommand, options?: NativeEmbedOptions): unknown {
  return command.purpose !== undefined ? cohereEmbed.encodeEmbed!(result, command, options) : titanEmbed.encodeEmbed!(result, command);
}

export const localEmbed: NativeFamily = { name: "local-embed", decode, encodeEmbed };
