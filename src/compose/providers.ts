import { basename } from "node:path";
import type { ModelSettings, ProviderSettings, ResolvedConfig } from "../config/index.js";
import type { ModelProvider } from "../providers/port.js";
import { discoverGgufModels } from "../providers/llamacpp/index.js";
import type { CatalogueModel } from "../service/catalogue.js";

/**
 * Part of the composition root: the one place that maps provider types to adapters. Each
 * adapter receives only its own slice of the configuration. Adapters are loaded only when
 * configured (the Bedrock one brings the AWS SDK, ~20 MiB).
 */
export async function buildProvider(settings: ProviderSettings): Promise<ModelProvider> {
  switch (settings.type) {
    case "openai": {
      const { createOpenAiProvider } = await import("../providers/openai/index.js");
      return createOpenAiProvider({ id: settings.id, baseUrl: settings.baseUrl, apiKey: settings.apiKey, timeoutMs: settings.timeoutMs, tokenizeEndpoint: settings.tokenizeEndpoint });
    }
    case "anthropic": {
      const { createAnthropicProvider } = await import("../providers/anthropic/index.js");
      return createAnthropicProvider({ id: settings.id, baseUrl: settings.baseUrl, apiKey: settings.apiKey, timeoutMs: settings.timeoutMs });
    }
    case "bedrock": {
      const { createBedrockProvider } = await import("../providers/bedrock/index.js");
      return createBedrockProvider({ id: settings.id, region: settings.region, endpoint: settings.endpoint, credentials: settings.credentials, timeoutMs: settings.timeoutMs });
    }
    case "llamacpp": {
      const { createLlamaCppProvider } = await import("../providers/llamacpp/index.js");
      return createLlamaCppProvider({ id: settings.id, modelDir: settings.modelDir, threads: settings.threads, contextSize: settings.contextSize, timeoutMs: settings.timeoutMs });
    }
  }
}

export function catalogueModel(model: ModelSettings, provider: ProviderSettings): CatalogueModel {
  return {
    modelId: model.modelId, name: model.name, providerName: model.providerName,
    inputModalities: model.inputModalities, outputModalities: model.outputModalities,
    streaming: model.streaming, lifecycle: model.lifecycle, terms: model.terms,
    providerId: provider.id, upstreamModel: model.upstreamModel,
    processingRegion: provider.processingRegion, timeoutMs: provider.timeoutMs,
  };
}

/**
 * Without configured models, serve the GGUF files found in the model directories through
 * llama.cpp, on this machine (so in this deployment's region).
 */
export async function discoveredLocalModels(config: ResolvedConfig): Promise<{ providers: ProviderSettings[]; models: CatalogueModel[] }> {
  const providers: ProviderSettings[] = [];
  const models: CatalogueModel[] = [];
  const seen = new Set<string>();
  for (const [index, dir] of config.modelDirs.entries()) {
    const files = await discoverGgufModels(dir).catch(() => []);
    if (files.length === 0) continue;
    const provider: ProviderSettings = { type: "llamacpp", id: `local-${index + 1}`, modelDir: dir, processingRegion: config.region, timeoutMs: 120_000, contextSize: 2048, threads: 1 };
    providers.push(provider);
    for (const file of files) {
      const modelId = `local.${basename(file.upstreamModel).toLowerCase().replace(/[^a-z0-9-]+/g, "-")}`;
      if (seen.has(modelId)) continue;
      seen.add(modelId);
      models.push({
        modelId, name: file.upstreamModel, providerName: "Local", inputModalities: ["TEXT"], outputModalities: ["TEXT", "EMBEDDING"],
        streaming: true, lifecycle: "ACTIVE", terms: "The licence that came with the model file",
        providerId: provider.id, upstreamModel: file.upstreamModel, processingRegion: config.region, timeoutMs: provider.timeoutMs,
      });
    }
  }
  return { providers, models };
}
