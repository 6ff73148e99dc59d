import type { StopReason } from "../../../kernel/index.js";
import { defined, optNum } from "../validate.js";
import { completionCommand, completionFamily, promptBody, stopSequences } from "./completion-family.js";
import { stopOrLength } from "./metrics.js";
import { parseInst, verbatim } from "./prompt-templates.js";
import type { NativeDecoded, NativeFamily } from "./types.js";

/**
 * Mistral text completion (Mistral 7B Instruct, Mixtral 8x7B, Mistral Large/Small 2402):
 * `{prompt, max_tokens, stop, temperature, top_p, top_k}` -> `{outputs: [{text, stop_reason}]}`;
 * stream chunks are `{outputs: [{text, stop_reason}]}`. The prompt is a rendered `[INST]` chat
 * (see prompt-templates.ts). Ranges are Bedrock's Mistral text-completion page.
 *
 * Not served: the chat-completion body (`messages`, `tools`, `tool_choice`, `response_format`)
 * that Mistral Large 2407 and later speak; the registry does not route those models here, and
 * its members are refused by name, so a caller who sent the wrong body learns which it was.
 */
const KEYS = ["prompt", "max_tokens", "stop", "temperature", "top_p", "top_k"];
const CHAT = "it belongs to Mistral's chat-completion body, which this model does not take; send a prompt, or use Converse";
const REFUSED = { messages: CHAT, tools: CHAT, tool_choice: CHAT, response_format: CHAT };

/** The documented max_tokens ceiling per model. */
function maxTokensFor(modelId: string): number {
  return modelId.includes("mixtral-8x7b") ? 4096 : 8192;
}

function decode(body: unknown, modelId: string): NativeDecoded {
  const { o, prompt } = promptBody(body, KEYS, "prompt", REFUSED);
  const inference = defined({
    maxTokens: optNum(o, "max_tokens", "", 1, maxTokensFor(modelId), true),
    temperature: optNum(o, "temperature", "", 0, 1),
    topP: optNum(o, "top_p", "", 0, 1),
    topK: optNum(o, "top_k", "", 1, 200, true),
  });
  return completionCommand(modelId, parseInst(prompt) ?? verbatim(prompt), inference, stopSequences(o, "stop", "", { max: 10 }));
}

/** The whole response and every chunk have one shape; the reason is null until known. */
const outputs = (text: string, reason: StopReason | null): Record<string, unknown> => ({
  outputs: [{ text, stop_reason: reason === null ? null : stopOrLength(reason) }],
});

export const mistral: NativeFamily = completionFamily("mistral", decode, {
  result: outputs,
  text: (text) => outputs(text, null),
  final: (reason) => outputs("", reason),
});
