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
  /**
   * UNAVAILABLE is plinth's: a model file found but unusable (a format llama.cpp refuses, a
   * vocabulary-only file). It is listed, so the operator sees it and why, and refused when called.
   */
  readonly lifecycle: "ACTIVE" | "LEGACY" | "UNAVAILABLE";
  /** Why an UNAVAILABLE model cannot be used: a fixed sentence, never text from the file. */
  readonly statusReason?: string;
  /** What the model takes and gives, for people choosing one (not in AWS's shape). */
  readonly description?: string;
  /** The licence or terms of use the operator recorded for this model. */
  readonly terms?: string;
  readonly providerId: string;
  readonly upstreamModel: string;
  /** Where the provider processes data (region or jurisdiction), for residency. */
  readonly processingRegion: string;
  readonly timeoutMs: number;
  /** Its provider has capacity configured, so provisioned throughput can be bought for it. */
  readonly provisionable?: boolean;
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

/**
 * How a configured model reads Converse document blocks, for its catalogue description: the
 * provider's own document support, or text plinth extracts first (so layout, images and scanned
 * pages are lost), or none.
 */
function documentsNote(provider: ModelProvider): string | undefined {
  if (provider.documents === "native") return "Documents go to the provider as documents the model reads itself; a format the provider does not take is refused by name.";
  if (provider.documents === "text") return "Documents are sent as text plinth extracts first: pdf (its text layer only, no images or scans), txt, md, csv and html; doc, docx, xls and xlsx are refused.";
  return undefined;
}

export class ModelCatalogue {
  readonly #entries = new Map<string, CatalogueEntry>();

  constructor(models: readonly CatalogueModel[], providers: ReadonlyMap<string, ModelProvider>) {
    for (const model of models) {
      const provider = providers.get(model.providerId);
      if (!provider) throw new Error(`model ${model.modelId} names provider ${model.providerId}, which is not configured`);
      if (this.#entries.has(model.modelId)) throw new Error(`model ${model.modelId} is configured twice`);
      const description = model.description ?? documentsNote(provider);
      this.#entries.set(model.modelId, { model: description === undefined ? model : { ...model, description }, provider });
    }
  }

  /** The entry of a canonical model id; callers name models through ModelResolver, which makes it canonical. */
  find(modelId: string): CatalogueEntry | undefined {
    return this.#entries.get(modelId);
  }

  /**
   * The entry of a canonical model id to invoke: a not-found Fault when there is none, and a
   * model-error naming the reason when the model is listed as UNAVAILABLE.
   */
  resolve(modelId: string): CatalogueEntry {
    const entry = this.#entries.get(modelId);
    if (!entry) throw new Fault("not-found", "The model named was not found in this region", { field: "modelId" });
    if (entry.model.lifecycle === "UNAVAILABLE") {
      throw new Fault("model-error", `The model ${modelId} cannot be used: ${entry.model.statusReason ?? "its file was found unusable"}`, { resourceName: modelId });
    }
    return entry;
  }

  list(filters: ModelFilters = {}): CatalogueModel[] {
    const out: CatalogueModel[] = [];
    for (const { model } of this.#entries.values()) {
      if (filters.byProvider && model.providerName.toLowerCase() !== filters.byProvider.toLowerCase()) continue;
      if (filters.byOutputModality && !model.outputModalities.includes(filters.byOutputModality)) continue;
      if (filters.byInferenceType === "PROVISIONED" && model.provisionable !== true) continue;
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
