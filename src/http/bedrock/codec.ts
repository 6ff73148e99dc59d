import { foundationModelArn, invalid } from "../../kernel/index.js";
import type { CatalogueModel, Modality, ModelFilters } from "../../service/catalogue.js";

/** Pure codec for the control plane's foundation-model operations (bedrock 2023-04-20). */
const MODALITIES: readonly Modality[] = ["TEXT", "IMAGE", "EMBEDDING"];
const INFERENCE_TYPES = ["ON_DEMAND", "PROVISIONED"] as const;
const CUSTOMIZATIONS = ["FINE_TUNING", "CONTINUED_PRE_TRAINING", "DISTILLATION"];
const KNOWN_QUERY = new Set(["byProvider", "byCustomizationType", "byOutputModality", "byInferenceType"]);

export function decodeModelFilters(query: URLSearchParams): ModelFilters {
  for (const key of query.keys()) {
    if (!KNOWN_QUERY.has(key)) throw invalid(key, `unknown query parameter; expected one of ${[...KNOWN_QUERY].join(", ")}`);
  }
  const byProvider = query.get("byProvider") ?? undefined;
  if (byProvider !== undefined && !/^[A-Za-z0-9- ]{1,63}$/.test(byProvider)) {
    throw invalid("byProvider", "Member must satisfy regular expression pattern: [A-Za-z0-9- ]{1,63}");
  }
  return {
    byProvider,
    byOutputModality: oneOf(query, "byOutputModality", MODALITIES),
    byInferenceType: oneOf(query, "byInferenceType", INFERENCE_TYPES),
    byCustomizationType: oneOf(query, "byCustomizationType", CUSTOMIZATIONS),
  };
}

function oneOf<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw invalid(name, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
  return value as T;
}

export function encodeModelSummary(model: CatalogueModel, region: string): Record<string, unknown> {
  return {
    modelArn: foundationModelArn(region, model.modelId),
    modelId: model.modelId,
    modelName: model.name,
    providerName: model.providerName,
    inputModalities: model.inputModalities,
    outputModalities: model.outputModalities,
    responseStreamingSupported: model.streaming,
    customizationsSupported: [],
    inferenceTypesSupported: model.provisionable === true ? ["ON_DEMAND", "PROVISIONED"] : ["ON_DEMAND"],
    // UNAVAILABLE is not one of AWS's statuses; the SDKs pass unknown enum values through as strings.
    modelLifecycle: { status: model.lifecycle, ...(model.statusReason !== undefined ? { statusReason: model.statusReason } : {}) },
    // Not in AWS's shape (the SDKs ignore them); the raw API and `plinth` CLI show them.
    ...(model.terms !== undefined ? { termsOfUse: model.terms } : {}),
    ...(model.description !== undefined ? { description: model.description } : {}),
  };
}
