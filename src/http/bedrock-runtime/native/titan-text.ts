import type { StopReason } from "../../../kernel/index.js";
import { closed, defined, obj, optNum, own } from "../validate.js";
import { completionCommand, completionFamily, promptBody, stopSequences } from "./completion-family.js";
import { verbatim } from "./prompt-templates.js";
import type { NativeDecoded, NativeFamily } from "./types.js";

/**
 * Amazon Titan Text (`amazon.titan-text-lite|express|premier`, `amazon.titan-tg1-large`):
 * `{inputText, textGenerationConfig{maxTokenCount, temperature, topP, stopSequences}}` ->
 * `{inputTextTokenCount, results: [{tokenCount, outputText, completionReason}]}`.
 *
 * Titan has no chat template of its own (its prompts are free text such as "User: ...\nBot:"),
 * so inputText goes to the model verbatim as one user message. The docs allow maxTokenCount 0;
 * we require 1, since "generate nothing" is not something every provider can express (some read
 * 0 as "no limit"). Amazon Nova is a different schema (messages-v1) and is not served here.
 */
const KEYS = ["inputText", "textGenerationConfig"];
const CONFIG_KEYS = ["maxTokenCount", "temperature", "topP", "stopSequences"];
const CONFIG = "textGenerationConfig";

/** Documented maxTokenCount ceilings: Lite 4,096, Express 8,192, Premier 3,072. */
function maxTokensFor(modelId: string): number {
  if (modelId.includes("titan-text-lite")) return 4096;
  if (modelId.includes("titan-text-premier")) return 3072;
  return 8192;
}

/** The completion reasons Titan reports ("FINISH", although the docs write FINISHED). */
export function completionReason(reason: StopReason): string {
  switch (reason) {
    case "max_tokens":
      return "LENGTH";
    case "stop_sequence":
      return "STOP_CRITERIA_MET";
    case "content_filtered":
    case "guardrail_intervened":
      return "CONTENT_FILTERED";
    default:
      return "FINISH";
  }
}

function decode(body: unknown, modelId: string): NativeDecoded {
  const { o, prompt } = promptBody(body, KEYS, "inputText");
  const raw = own(o, CONFIG);
  const config = raw === undefined ? {} : obj(raw, CONFIG);
  closed(config, CONFIG, CONFIG_KEYS);
  const inference = defined({
    maxTokens: optNum(config, "maxTokenCount", CONFIG, 1, maxTokensFor(modelId), true),
    temperature: optNum(config, "temperature", CONFIG, 0, 1),
    topP: optNum(config, "topP", CONFIG, 0, 1),
  });
  return completionCommand(modelId, verbatim(prompt), inference, stopSequences(config, "stopSequences", CONFIG));
}

export const titanText: NativeFamily = completionFamily("titan-text", decode, {
  result: (outputText, reason, usage) => ({
    inputTextTokenCount: usage.inputTokens,
    results: [{ tokenCount: usage.outputTokens, outputText, completionReason: completionReason(reason) }],
  }),
  text: (outputText) => ({ outputText, index: 0, totalOutputTextTokenCount: null, completionReason: null, inputTextTokenCount: null }),
  final: (reason, usage) => ({
    outputText: "",
    index: 0,
    totalOutputTextTokenCount: usage.outputTokens,
    completionReason: completionReason(reason),
    inputTextTokenCount: usage.inputTokens,
  }),
});
