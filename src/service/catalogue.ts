import { Fault } from "../kernel/index.js";
import type { ModelProvider } from "../providers/port.js";

export type Modality = "TEXT" | "IMAGE" | "EMBEDDING";

/** A model as the catalogue shows it, and where its requests go. */
export interface CatalogueModel {
  readonly modelId: string;
  readonly name: string;
  readonly providerName: string;
  readonly inputModalities: readonly Modality[];
  readonly outputModalities: readonly Modality[];
  readonly streaming: boolean;
  readonly lifecycle: "ACTIVE" | "LEGACY";
  /** The licence or terms of use the operator recorded for this model. */
  readonly terms?: string;
  readonly providerId: string;
  readonly upstreamModel: string;
  /** Where the provider processes data (region or jurisdiction), for residency. */
  readonly processingRegion: string;
  readonly timeoutMs: number;
}

export interface CatalogueEntry {
  readonly model: CatalogueModel;
  readonly provider: ModelProvider;
}

export interface ModelFilters {
  readonly byProvider?: string;
  readonly byOutputModality?: Modality;
  readonly byInferenceType?: "ON_DEMAND" | "PROVISIONED";
  readonly byCustomizationType?: string;
}

export class ModelCatalogue {
  readonly #entries = new Map<string, CatalogueEntry>();

  constructor(models: readonly CatalogueModel[], providers: ReadonlyMap<string, ModelProvider>) {
    for (const model of models) {
      const provider = providers.get(model.providerId);
      if (!provider) throw new Error(`model ${model.modelId} names provider ${model.providerId}, which is not configured`);
      if (this.#entries.has(model.modelId)) throw new Error(`model ${model.modelId} is configured twice`);
      this.#entries.set(model.modelId, { model, provider });
    }
  }

  /** The entry of a canonical model id; callers name models through ModelResolver, which makes it canonical. */
  find(modelId: string): CatalogueEntry | undefined {
    return this.#entries.get(modelId);
  }

  /** The entry of a canonical model id, or a not-found Fault. */
  resolve(modelId: string): CatalogueEntry {
    const entry = this.#entries.get(modelId);
    if (!entry) throw new Fault("not-found", "The model named was not found in this region", { field: "modelId" });
    return entry;
  }

  list(filters: ModelFilters = {}): CatalogueModel[] {
    const out: CatalogueModel[] = [];
    for (const { model } of this.#entries.values()) {
      if (filters.byProvider && model.providerName.toLowerCase() !== filters.byProvider.toLowerCase()) continue;
      if (filters.byOutputModality && !model.outputModalities.includes(filters.byOutputModality)) continue;
      if (filters.byInferenceType && filters.byInferenceType !== "ON_DEMAND") continue;
      // No model here can be customised yet, so any customisation filter matches nothing.
      if (filters.byCustomizationType) continue;
      out.push(model);
    }
    return out.sort((a, b) => a.modelId.localeCompare(b.modelId));
  }

  providers(): ModelProvider[] {
    return [...new Set([...this.#entries.values()].map((e) => e.provider))];
  }
}
