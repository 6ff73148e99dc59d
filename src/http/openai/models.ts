import type { CatalogueModel } from "../../service/catalogue.js";

/**
 * A model as OpenAI lists it. `created` is unknown for a served model: 0, the API's integer.
 * `owned_by` is the model's provider as the catalogue names it (Meta, Anthropic, ...).
 */
export function encodeModel(model: CatalogueModel): Record<string, unknown> {
  return { id: model.modelId, object: "model", created: 0, owned_by: model.providerName };
}

export function encodeModelList(models: readonly CatalogueModel[]): Record<string, unknown> {
  return { object: "list", data: models.map(encodeModel) };
}
