import { invalid } from "../../../kernel/index.js";
import type { ContentBlock, ImageBlock, Message, StopReason, Usage } from "../../../kernel/index.js";
import { at, defined, list, optNum, own } from "../validate.js";
import { completionCommand, completionFamily, promptBody } from "./completion-family.js";
import { decodeImage } from "./images.js";
import { stopOrLength } from "./metrics.js";
import { parseInst, parseLlama3, verbatim } from "./prompt-templates.js";
import type { NativeDecoded, NativeFamily } from "./types.js";

/**
 * Meta Llama (`meta.llama*`): `{prompt, temperature, top_p, max_gen_len, images?}` ->
 * `{generation, prompt_token_count, generation_token_count, stop_reason}`. Ranges are those of
 * Bedrock's Llama parameter page. The prompt is a rendered chat (see prompt-templates.ts).
 *
 * `images` (Llama 3.2 vision) are base64 strings; they join the user turn that holds the
 * `<|image|>` marker, else the last user turn. Their limits are Bedrock's image limits for
 * Converse (20 images, 3.75 MB each): the Llama page states none of its own.
 */
const KEYS = ["prompt", "temperature", "top_p", "max_gen_len", "images"];
const MAX_IMAGES = 20;
const MAX_IMAGE_BYTES = 3_932_160;

function withImages(messages: Message[], images: ImageBlock[], imageTurn: number | undefined): Message[] {
  if (images.length === 0) return messages;
  const target = imageTurn ?? messages.map((m) => m.role).lastIndexOf("user");
  if (target < 0) throw invalid("images", "Member requires a user turn in prompt");
  return messages.map((m, i) => (i === target ? { role: m.role, content: [...images, ...m.content] as ContentBlock[] } : m));
}

function decode(body: unknown, modelId: string): NativeDecoded {
  const { o, prompt } = promptBody(body, KEYS, "prompt");
  const inference = defined({
    maxTokens: optNum(o, "max_gen_len", "", 1, 2048, true),
    temperature: optNum(o, "temperature", "", 0, 1),
    topP: optNum(o, "top_p", "", 0, 1),
  });
  const raw = own(o, "images");
  const images: ImageBlock[] = raw === undefined ? [] : list(raw, "images", { max: MAX_IMAGES }).map((v, i) => ({
    type: "image",
    ...decodeImage(v, at("images", i), MAX_IMAGE_BYTES),
  }));
  const parsed = parseLlama3(prompt) ?? parseInst(prompt) ?? verbatim(prompt);
  return completionCommand(modelId, { system: parsed.system, messages: withImages(parsed.messages, images, parsed.imageTurn) }, inference);
}

/** One shape for the whole response and every chunk; counts and reason are null until known. */
function generation(text: string, reason: StopReason | null, usage: Usage | null): Record<string, unknown> {
  return {
    generation: text,
    prompt_token_count: usage?.inputTokens ?? null,
    generation_token_count: usage?.outputTokens ?? null,
    stop_reason: reason === null ? null : stopOrLength(reason),
  };
}

export const meta: NativeFamily = completionFamily("meta", decode, {
  result: generation,
  text: (text) => generation(text, null, null),
  final: (reason, usage) => generation("", reason, usage),
});
