import { invalid, sensitive } from "../../../kernel/index.js";
import type { ContentBlock, ConverseResult, ImageBlock, Message } from "../../../kernel/index.js";
import { completionStream } from "./completion-stream.js";
import { at, closed, defined, list, need, obj, optNum, own, str } from "./fields.js";
import { decodeImage } from "./images.js";
import { stopOrLength, textOf } from "./metrics.js";
import { parseInst, parseLlama3, verbatim } from "./prompt-templates.js";
import type { Millis, NativeDecoded, NativeFamily } from "./types.js";

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
  const o = obj(body, "");
  closed(o, "", KEYS);
  const prompt = str(need(o, "prompt", ""), "prompt", { min: 1 });
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
  const messages = withImages(parsed.messages, images, parsed.imageTurn);
  return { kind: "converse", command: { modelId, conversation: sensitive({ system: parsed.system, messages }), inference } };
}

function encodeConverse(result: ConverseResult): unknown {
  return {
    generation: textOf(result.message.reveal()),
    prompt_token_count: result.usage.inputTokens,
    generation_token_count: result.usage.outputTokens,
    stop_reason: stopOrLength(result.stopReason),
  };
}

export const meta: NativeFamily = {
  name: "meta",
  decode,
  encodeConverse,
  streamEncoder: (_modelId: string, now?: Millis) =>
    completionStream(
      {
        text: (generation) => ({ generation, prompt_token_count: null, generation_token_count: null, stop_reason: null }),
        final: (reason, usage) => ({
          generation: "",
          prompt_token_count: usage.inputTokens,
          generation_token_count: usage.outputTokens,
          stop_reason: stopOrLength(reason),
        }),
      },
      now,
    ),
};
