import type { ResolvedConfig } from "../config/index.js";
import { bedrockOperations } from "../http/bedrock/routes.js";
import { bedrockRuntimeOperations } from "../http/bedrock-runtime/routes.js";
import type { ModelProvider } from "../providers/port.js";
import { ModelCatalogue } from "../service/catalogue.js";
import type { CatalogueModel } from "../service/catalogue.js";
import { InferenceService } from "../service/inference.js";
import type { GuardrailGate } from "../service/guardrails/index.js";
import { ModelResolver } from "../service/resources/index.js";
import { ApplicationProfiles, InferenceProfileDirectory, SystemProfiles } from "../service/inference-profiles/index.js";
import { inferenceProfileOperations, inferenceProfileTaggable } from "../http/bedrock/inference-profile-routes.js";
import type { TaggableResources } from "../http/bedrock/tag-routes.js";
import { provisionedOperations, provisionedTaggable } from "../http/bedrock/provisioned-routes.js";
import { CapacityPlan, ProvisionedThroughputs } from "../service/provisioned/index.js";
import type { Capability, Foundation } from "./capability.js";
import { buildProvider, catalogueModel, discoveredLocalModels, type DiscoveryNote } from "./providers.js";

/** The models capability, and the catalogue other capabilities read (resource policies name its models). */
export interface Models extends Capability {
  readonly catalogue: ModelCatalogue;
  /** For the surfaces that translate to the same use cases (compose/openai.ts): one service, one resolver. */
  readonly inference: InferenceService;
  readonly resolver: ModelResolver;
  /** Application inference profiles and provisioned models for the shared tag operations (compose/tagging.ts). */
  readonly taggable: readonly TaggableResources[];
  /** Provisioned throughput and the capacity plan its units are shares of (compose/provisioned.ts admits calls with them). */
  readonly throughputs: ProvisionedThroughputs;
  readonly capacity: CapacityPlan;
  /** Catalogue models served by llama.cpp in this process: each process serving them loads its own copy. */
  readonly localModels: number;
}

/**
 * Inference and the model catalogue: the configured providers (or the GGUF files found, without
 * configured models), the Bedrock runtime, the control plane's model operations and inference
 * profiles (system-defined ones from the catalogue and the residency rule; application ones stored).
 */
export async function modelsCapability({ config, logger, store, clock }: Foundation, guardrails?: GuardrailGate): Promise<Models> {
  const { catalogue, providers, localModels } = await buildCatalogue(config, (fields, message) => logger.warn(fields, message));
  const inference = new InferenceService(catalogue, guardrails);
  const system = new SystemProfiles(catalogue, config.region, config.inference.crossRegion);
  const applications = new ApplicationProfiles(store.inferenceProfiles, config.region, clock);
  const capacity = new CapacityPlan(config.providers);
  const throughputs = new ProvisionedThroughputs(store.provisioned, capacity, (modelId) => catalogue.find(modelId)?.model.providerId, config.region, clock);
  const resolver = new ModelResolver(
    catalogue, config.region, system, applications, guardrails && ((account, modelId, ctx) => guardrails.enforcedFor(account, modelId, ctx)), throughputs,
  );
  const directory = new InferenceProfileDirectory(resolver, applications, config.region);
  const provisioned = { throughputs, models: resolver, region: config.region };
  return {
    name: "models",
    catalogue, inference, resolver, localModels, throughputs, capacity,
    taggable: [inferenceProfileTaggable({ directory, applications }), provisionedTaggable(provisioned)],
    operations: [
      ...bedrockRuntimeOperations(inference, resolver), ...bedrockOperations(catalogue, resolver),
      ...inferenceProfileOperations({ directory, applications }), ...provisionedOperations(provisioned),
    ],
    close: async () => { await Promise.all(providers.map((p) => p.close())); },
  };
}

async function buildCatalogue(config: ResolvedConfig, note: DiscoveryNote): Promise<{ catalogue: ModelCatalogue; providers: ModelProvider[]; localModels: number }> {
  let providerSettings = config.providers;
  let models: CatalogueModel[] = config.models.map((m) => catalogueModel(m, config.providers.find((p) => p.id === m.provider)!));
  if (config.models.length === 0) {
    const local = await discoveredLocalModels(config, note);
    providerSettings = [...providerSettings, ...local.providers];
    models = local.models;
  }
  const providers = new Map(await Promise.all(providerSettings.map(async (s) => [s.id, await buildProvider(s)] as const)));
  const local = new Set(providerSettings.filter((s) => s.type === "llamacpp").map((s) => s.id));
  return { catalogue: new ModelCatalogue(models, providers), providers: [...providers.values()], localModels: models.filter((m) => local.has(m.providerId)).length };
}
