import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { BedrockClient } from "@aws-sdk/client-bedrock";
import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent } from "node:https";
import { startAnthropicLoopback } from "../loopback/anthropic.js";
import { startOpenAiLoopback } from "../loopback/openai.js";
import type { Loopback } from "../loopback/openai.js";
import { startServer } from "./harness.js";
import type { RunningServer, ServerOptions } from "./harness.js";

/**
 * A plinth server in front of loopback upstreams that speak the OpenAI and Anthropic wire
 * protocols, with a catalogue covering every native family, plus official clients trusting the
 * generated CA through their agents (HTTP/2 by default, as the runtime client ships).
 */
export interface E2e {
  readonly server: RunningServer;
  readonly openai: Loopback;
  readonly anthropic: Loopback;
  runtime(options?: { http1?: boolean; credentials?: { accessKeyId: string; secretAccessKey: string } }): BedrockRuntimeClient;
  control(): BedrockClient;
  stop(): Promise<void>;
}

export const MODELS = {
  llama: "meta.llama3-1-8b-instruct-v1:0",
  claude: "anthropic.claude-3-5-haiku-20241022-v1:0",
  mistral: "mistral.mistral-7b-instruct-v0:2",
  titanText: "amazon.titan-text-express-v1",
  tools: "meta.llama3-1-70b-instruct-v1:0",
  titanEmbed: "amazon.titan-embed-text-v2:0",
  cohereEmbed: "cohere.embed-english-v3",
  echo: "meta.llama3-2-1b-instruct-v1:0",
  throttled: "meta.llama3-2-3b-instruct-v1:0",
  failing: "meta.llama3-2-11b-instruct-v1:0",
  hang: "meta.llama3-2-90b-instruct-v1:0",
} as const;

/** `extraModels`: catalogue entries a test file adds to the shared ones (its own, so no other test sees them). */
export async function startE2e(given: Omit<ServerOptions, "config"> & { text?: string; extraModels?: readonly Record<string, unknown>[] } = {}): Promise<E2e> {
  const { extraModels = [], ...options } = given;
  const openai = await startOpenAiLoopback({ apiKey: "sk-loopback-openai", text: options.text });
  const anthropic = await startAnthropicLoopback({ apiKey: "sk-ant-loopback", text: options.text });
  const config = {
    region: "eu-west-2",
    providers: [
      { id: "openai-main", type: "openai", baseUrl: openai.baseUrl, apiKey: "env:UPSTREAM_OPENAI_KEY", processingRegion: "eu-west-2", timeoutMs: 5000 },
      { id: "claude", type: "anthropic", baseUrl: anthropic.baseUrl, apiKey: "sk-ant-loopback", processingRegion: "eu-west-2", timeoutMs: 5000 },
    ],
    models: [
      { modelId: MODELS.llama, provider: "openai-main", upstreamModel: "chat-model", name: "Llama 3.1 8B Instruct", providerName: "Meta", terms: "Llama 3.1 Community License" },
      { modelId: MODELS.claude, provider: "claude", upstreamModel: "chat-model", name: "Claude 3.5 Haiku", providerName: "Anthropic", inputModalities: ["TEXT", "IMAGE"] },
      { modelId: MODELS.mistral, provider: "openai-main", upstreamModel: "chat-model", providerName: "Mistral AI" },
      { modelId: MODELS.titanText, provider: "claude", upstreamModel: "chat-model", providerName: "Amazon" },
      { modelId: MODELS.tools, provider: "openai-main", upstreamModel: "tool-model", providerName: "Meta" },
      { modelId: MODELS.titanEmbed, provider: "openai-main", upstreamModel: "embed-model", providerName: "Amazon", outputModalities: ["EMBEDDING"], streaming: false },
      { modelId: MODELS.cohereEmbed, provider: "openai-main", upstreamModel: "embed-model", providerName: "Cohere", outputModalities: ["EMBEDDING"], streaming: false },
      { modelId: MODELS.echo, provider: "openai-main", upstreamModel: "echo-model", providerName: "Meta" },
      { modelId: MODELS.throttled, provider: "openai-main", upstreamModel: "throttled-model", providerName: "Meta" },
      { modelId: MODELS.failing, provider: "openai-main", upstreamModel: "failing-model", providerName: "Meta" },
      { modelId: MODELS.hang, provider: "openai-main", upstreamModel: "hang-model", providerName: "Meta" },
      ...extraModels,
    ],
  };
  const server = await startServer({ ...options, config, env: { UPSTREAM_OPENAI_KEY: "sk-loopback-openai", ...options.env } });
  const base = () => ({ endpoint: server.url, region: server.region, credentials: server.credentials, maxAttempts: 1 });
  return {
    server, openai, anthropic,
    runtime: (o = {}) => new BedrockRuntimeClient({
      ...base(),
      ...(o.credentials ? { credentials: o.credentials } : {}),
      requestHandler: o.http1
        ? new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) })
        : new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca: server.ca } }),
    }),
    control: () => new BedrockClient({ ...base(), requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: server.ca }) }) }),
    stop: async () => {
      await server.stop();
      await openai.close();
      await anthropic.close();
    },
  };
}
