import { sensitive } from "../../../kernel/index.js";
import type { ConverseResult } from "../../../kernel/index.js";
import { completionStream } from "./completion-stream.js";
import { closed, defined, need, obj, optNum, own, str, strings } from "./fields.js";
import { stopOrLength, textOf } from "./metrics.js";
import { parseInst, verbatim } from "./prompt-templates.js";
import type { Millis, NativeDecoded, NativeFamily } from "./types.js";

/**
 * Mistral text completion (Mistral 7B Instruct, Mixtral 8x7B, Mistral Large/Small 2402):
 * `{prompt, max_tokens, stop, temperature, top_p, top_k}` -> `{outputs: [{text, stop_reason}]}`;
 * stream chunks are `{outputs: [{text, stop_reason}]}`. The prompt is a rendered `[INST]` chat
 * (see prompt-templates.ts). Ranges are Bedrock's Mistral text-completion page.
 *
 * Not served: the chat-completion body (`messages`, tools) that Mistral Large 2407 speaks; the
 * registry does not route those models here, and a `messages` member is refused as extraneous.
 */
const KEYS = ["prompt", "max_tokens", "stop", "temperature", "top_p", "top_k"];

/** The documented max_tokens ceiling per model. */
function maxTokensFor(modelId: string): number {
  return modelId.includes("mixtral-8x7b") ? 4096 : 8192;
}

function decode(body: unknown, modelId: string): NativeDecoded {
  const o = obj(body, "");
  closed(o, "", KEYS);
  const prompt = str(need(o, "prompt", ""), "prompt", { min: 1 });
  const inference = defined({
    maxTokens: optNum(o, "max_tokens", "", 1, maxTokensFor(modelId), true),
    temperature: optNum(o, "temperature", "", 0, 1),
    topP: optNum(o, "top_p", "", 0, 1),
    topK: optNum(o, "top_k", "", 1, 200, true),
  });
  const stop = own(o, "stop");
  const stopSequences = stop === undefined ? undefined : strings(stop, "stop", { max: 10 }, { min: 1 });
  const parsed = parseInst(prompt) ?? verbatim(prompt);
  const conversation = { system: parsed.system, messages: parsed.messages, ...(stopSequences ? { stopSequences } : {}) };
  return { kind: "converse", command: { modelId, conversation: sensitive(conversation), inference } };
}

function encodeConverse(result: ConverseResult): unknown {
  return { outputs: [{ text: textOf(result.message.reveal()), stop_reason: stopOrLength(result.stopReason) }] };
}

export const mistral: NativeFamily = {
  name: "mistral",
  decode,
  encodeConverse,
  streamEncoder: (_modelId: string, now?: Millis) =>
    completionStream(
      {
        text: (text) => ({ outputs: [{ text, stop_reason: null }] }),
        final: (reason) => ({ outputs: [{ text: "", stop_reason: stopOrLength(reason) }] }),
      },
      now,
    ),
};
