import type { Loopback } from "../loopback/openai.js";

/**
 * The three providers the token-count tests stand up over two loopbacks: an OpenAI-compatible
 * one, the same server again as vLLM (its `/tokenize`), and Anthropic's API.
 */
export function countingProviders(openai: Loopback, anthropic: Loopback): Record<string, unknown>[] {
  return [
    { id: "openai-main", type: "openai", baseUrl: openai.baseUrl, apiKey: "sk-loopback-openai", processingRegion: "eu-west-2", timeoutMs: 5000 },
    { id: "vllm", type: "openai", baseUrl: openai.baseUrl, apiKey: "sk-loopback-openai", tokenizeEndpoint: "vllm", processingRegion: "eu-west-2", timeoutMs: 5000 },
    { id: "claude", type: "anthropic", baseUrl: anthropic.baseUrl, apiKey: "sk-ant-loopback", processingRegion: "eu-west-2", timeoutMs: 5000 },
  ];
}
