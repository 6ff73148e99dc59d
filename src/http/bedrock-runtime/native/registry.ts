import { fault } from "../../../kernel/index.js";
import type { Conversation, Sensitive } from "../../../kernel/index.js";
import { anthropic } from "./anthropic.js";
import { cohereEmbed } from "./cohere-embed.js";
import { localEmbed } from "./local-embed.js";
import { meta } from "./meta.js";
import { mistral } from "./mistral.js";
import { nova } from "./nova.js";
import { titanEmbed } from "./titan-embed.js";
import { titanText } from "./titan-text.js";
import type { NativeFamily } from "./types.js";
import { parseJsonBody } from "../json-body.js";

/**
 * Which native body a model speaks, by its Bedrock model id. Cross-region inference-profile ids
 * (`us.anthropic...`) and ARNs (`...:foundation-model/<id>`, `...:inference-profile/<id>`) are
 * reduced to the base id first. Ids are matched narrowly: a model whose body differs from its
 * family's (Nova Canvas, Reel and Sonic beside the messages-v1 Nova models, Mistral Large 2407's
 * chat body, Cohere Embed v4, Titan multimodal embeddings) has no codec here, and the caller answers that InvokeModel is not
 * supported for it rather than misreading its body.
 */
const FAMILIES: readonly (readonly [RegExp, NativeFamily])[] = [
  [/^anthropic\.claude/, anthropic],
  [/^meta\.llama/, meta],
  [/^amazon\.titan-(?:text-(?:lite|express|premier)|tg1-large)/, titanText],
  [/^amazon\.nova-(?:micro|lite|pro|premier|2-lite|2-pro)-v/, nova],
  [/^amazon\.titan-embed-(?:text-v1|text-v2|g1-text-02)/, titanEmbed],
  [/^cohere\.embed-(?:english|multilingual)-v3/, cohereEmbed],
  [/^mistral\.(?:mistral-7b-instruct|mixtral-8x7b-instruct|mistral-large-2402|mistral-small-2402)/, mistral],
  [/^local\./, localEmbed],
];

const PROFILE_PREFIX = /^(?:us|us-gov|eu|apac|ca|jp|au|global)\./;

export function baseModelId(modelId: string): string {
  const id = modelId.startsWith("arn:") ? modelId.slice(modelId.lastIndexOf("/") + 1) : modelId;
  return id.replace(PROFILE_PREFIX, "");
}

export function nativeFamilyFor(modelId: string): NativeFamily | undefined {
  const id = baseModelId(modelId);
  return FAMILIES.find(([pattern]) => pattern.test(id))?.[1];
}

/**
 * CountTokens' `invokeModel` branch: the conversation a native body holds, decoded by the same
 * rules as InvokeModel. `body` is the parsed JSON or the raw bytes. Embedding bodies hold no
 * conversation, so they are refused.
 */
export function decodeNativeForCountTokens(body: unknown, modelId: string): Sensitive<Conversation> {
  const family = nativeFamilyFor(modelId);
  if (!family) throw fault("validation", "The provided model doesn't support counting tokens with an InvokeModel body.", { field: "modelId" });
  const json = body instanceof Uint8Array ? parseJsonBody(body) : body;
  const decoded = family.decode(json, modelId);
  if (decoded.kind !== "converse") {
    throw fault("validation", "The provided model doesn't support counting tokens.", { field: "modelId" });
  }
  return decoded.command.conversation;
}
