/**
 * Which OpenAI tokenizer an upstream model name calls for, for providers that speak the OpenAI
 * API. Only OpenAI's own model names are recognised, narrowly: an OpenAI-compatible server
 * (vLLM, Ollama, LM Studio) also serves Llama, Mistral, Qwen or GPT-J/NeoX under their own
 * names, and counting those with an OpenAI encoding would answer a confident wrong number.
 *
 * The name is trusted: an operator who serves another model under an OpenAI name (a common alias
 * for clients that hard-code one) gets OpenAI's count for it.
 *
 * gpt-oss is left out on purpose: its tokenizer (o200k_harmony) is public, but the serving stack
 * writes its own system preamble (identity, dates, reasoning level) into the prompt, so a count
 * from here would miss tokens the upstream adds.
 */
export type OpenAiEncoding = "o200k_base" | "cl100k_base";

/** Checked in order; the first match decides. `undefined`: no tokenizer here for that family. */
const FAMILIES: readonly (readonly [RegExp, OpenAiEncoding | undefined])[] = [
  [/^gpt-oss(?:[-:]|$)/, undefined],
  // gpt-3.5 and gpt-4 (Azure spells gpt-35), including gpt-4-turbo: tiktoken's cl100k_base.
  [/^gpt-(?:3\.5|35)(?:-|$)/, "cl100k_base"],
  [/^gpt-4(?:-|$)/, "cl100k_base"],
  // gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and later, chatgpt-*, the o-series: o200k_base.
  [/^gpt-4o(?:-|$)/, "o200k_base"],
  [/^gpt-4\.\d/, "o200k_base"],
  [/^gpt-(?:[5-9]|\d{2,})(?:[.-]|$)/, "o200k_base"],
  [/^chatgpt-/, "o200k_base"],
  [/^o[1-9](?:-|$)/, "o200k_base"],
];

/** Vendor prefixes that routers (OpenRouter, LiteLLM) put before OpenAI's own names. */
const VENDOR = /^openai\//;

export function openAiEncodingFor(upstreamModel: string): OpenAiEncoding | undefined {
  const name = upstreamModel.trim().toLowerCase().replace(VENDOR, "");
  return FAMILIES.find(([pattern]) => pattern.test(name))?.[1];
}
