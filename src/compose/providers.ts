import path from "node:path";
import type { ModelSettings, ProviderSettings, ResolvedConfig } from "../config/index.js";
import type { ModelProvider } from "../providers/port.js";
import { discoverGgufModels, localModelFacts, probeGgufFiles } from "../providers/llamacpp/index.js";
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
    ...(provider.capacity !== undefined ? { provisionable: true } : {}),
  };
}

/** Something about the model folders the operator should know; the fields carry no content. */
export type DiscoveryNote = (fields: Readonly<Record<string, string>>, message: string) => void;

/**
 * `local.<file name without .gguf>`, keeping its case, when that is a model id the wire
 * surfaces accept (their pattern less ':' and '/', which would read as a version or an ARN part).
 */
export function localModelId(upstreamModel: string): string | undefined {
  const id = `local.${upstreamModel}`;
  return /^[A-Za-z0-9_.-]+$/.test(upstreamModel) && id.length <= 200 ? id : undefined;
}

/**
 * Without configured models, serve the GGUF files found in the model directories through
 * llama.cpp, on this machine (so in this deployment's region). Each file is probed first: one
 * that cannot be served is listed as UNAVAILABLE with the reason, and the reason is logged.
 */
export async function discoveredLocalModels(config: ResolvedConfig, note: DiscoveryNote = () => {}): Promise<{ providers: ProviderSettings[]; models: CatalogueModel[] }> {
  const providers: ProviderSettings[] = [];
  const models: CatalogueModel[] = [];
  const seen = new Set<string>();
  for (const [index, dir] of config.modelDirs.entries()) {
    const files = await discoverGgufModels(dir).catch(() => []);
    const served = files.flatMap((file) => {
      const modelId = localModelId(file.upstreamModel);
      const skipped = file.skipped ?? (modelId === undefined ? "its name does not make a model id (letters, digits, '.', '_', '-'; at most 194 characters)"
        : seen.has(modelId) ? "a file of the same name in an earlier model folder is served" : undefined);
      if (skipped !== undefined || modelId === undefined) {
        note({ modelDir: dir, file: file.file, reason: skipped ?? "" }, "a GGUF file is not served");
        return [];
      }
      seen.add(modelId);
      return [{ ...file, modelId }];
    });
    if (served.length === 0) continue;
    const provider: ProviderSettings = { type: "llamacpp", id: `local-${index + 1}`, modelDir: dir, processingRegion: config.region, retainsData: false, timeoutMs: 120_000, contextSize: 2048, threads: 1 };
    providers.push(provider);
    const probes = await probeGgufFiles(served.map((file) => path.join(dir, file.file)));
    served.forEach((file, at) => {
      const facts = localModelFacts(probes[at]!);
      if (facts.statusReason !== undefined) note({ modelId: file.modelId, reason: facts.statusReason }, "a local model file cannot be used; it is listed as UNAVAILABLE");
      models.push({
        modelId: file.modelId, name: file.upstreamModel, providerName: "Local", ...facts,
        terms: "The licence that came with the model file",
        providerId: provider.id, upstreamModel: file.upstreamModel, processingRegion: config.region, timeoutMs: provider.timeoutMs,
      });
    });
  }
  return { providers, models };
}
