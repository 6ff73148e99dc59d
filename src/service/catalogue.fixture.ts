import type { CatalogueModel } from "./catalogue.js";

/** A text model served by provider `p`, for tests that need a catalogue entry; `extra` changes what a test is about. */
export function catalogueModel(modelId: string, extra: Partial<CatalogueModel> = {}): CatalogueModel {
  return {
    modelId, name: modelId, providerName: "Test", inputModalities: ["TEXT"], outputModalities: ["TEXT"], streaming: true, lifecycle: "ACTIVE",
    providerId: "p", upstreamModel: modelId, processingRegion: "us-east-1", timeoutMs: 1000, ...extra,
  };
}
