import type { StackModel } from "./stack.js";

/**
 * The catalogue of the canary test: every native family behind an upstream that echoes the
 * caller's text (so the canary comes back in completions), plus upstreams that fail in each way
 * an upstream can (throttling, 500, malformed body, malformed stream, error events, and errors
 * quoting the caller's text back).
 */
export const CANARY_MODELS = {
  claude: "anthropic.claude-3-5-haiku-20241022-v1:0",
  llama: "meta.llama3-1-8b-instruct-v1:0",
  mistral: "mistral.mistral-7b-instruct-v0:2",
  titanText: "amazon.titan-text-express-v1",
  titanEmbed: "amazon.titan-embed-text-v2:0",
  cohereEmbed: "cohere.embed-english-v3",
  throttled: "meta.llama3-2-3b-instruct-v1:0",
  failing: "meta.llama3-2-11b-instruct-v1:0",
  malformed: "meta.llama3-2-90b-instruct-v1:0",
  claudeMalformed: "anthropic.claude-3-haiku-20240307-v1:0",
  claudeErrorEvent: "anthropic.claude-3-sonnet-20240229-v1:0",
  reflect400: "meta.llama3-70b-instruct-v1:0",
  reflect500: "meta.llama3-8b-instruct-v1:0",
  reflectGarbage: "meta.llama2-13b-chat-v1",
  reflectStream: "meta.llama2-70b-chat-v1",
} as const;

const M = CANARY_MODELS;

export const CANARY_CATALOGUE: readonly StackModel[] = [
  { modelId: M.claude, via: "anthropic", upstreamModel: "echo-model", providerName: "Anthropic" },
  { modelId: M.llama, via: "openai", upstreamModel: "echo-model", providerName: "Meta" },
  { modelId: M.mistral, via: "openai", upstreamModel: "echo-model", providerName: "Mistral AI" },
  { modelId: M.titanText, via: "openai", upstreamModel: "echo-model", providerName: "Amazon" },
  { modelId: M.titanEmbed, via: "openai", upstreamModel: "embed-model", providerName: "Amazon", embedding: true },
  { modelId: M.cohereEmbed, via: "openai", upstreamModel: "embed-model", providerName: "Cohere", embedding: true },
  { modelId: M.throttled, via: "openai", upstreamModel: "throttled-model", providerName: "Meta" },
  { modelId: M.failing, via: "openai", upstreamModel: "failing-model", providerName: "Meta" },
  { modelId: M.malformed, via: "openai", upstreamModel: "malformed-model", providerName: "Meta" },
  { modelId: M.claudeMalformed, via: "anthropic", upstreamModel: "malformed-model", providerName: "Anthropic" },
  { modelId: M.claudeErrorEvent, via: "anthropic", upstreamModel: "error-event-model", providerName: "Anthropic" },
  { modelId: M.reflect400, via: "reflect", upstreamModel: "reflect-400", providerName: "Meta" },
  { modelId: M.reflect500, via: "reflect", upstreamModel: "reflect-500", providerName: "Meta" },
  { modelId: M.reflectGarbage, via: "reflect", upstreamModel: "reflect-garbage", providerName: "Meta" },
  { modelId: M.reflectStream, via: "reflect", upstreamModel: "reflect-stream", providerName: "Meta" },
];
