import type { CatalogueModel, ModelCatalogue, ModelFilters } from "../../service/catalogue.js";
import { ModelResolver } from "../../service/resources/index.js";
import type { ResolvedModel } from "../../service/resources/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { decodeModelFilters, encodeModelSummary } from "./codec.js";

/** The Bedrock control plane (endpoint `bedrock`, signing name `bedrock`). */
export function bedrockOperations(catalogue: ModelCatalogue, models: ModelResolver): Operation[] {
  return [
    defineOperation<ModelFilters, ModelFilters>({
      name: "ListFoundationModels", method: "GET", path: "/foundation-models", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "bedrock:ListFoundationModels",
      decode: ({ query }) => decodeModelFilters(query),
      resource: () => "*",
      invoke: async (filters) => filters,
      encode: (filters, ctx) => ({
        kind: "json", status: 200,
        body: { modelSummaries: catalogue.list(filters).map((m) => encodeModelSummary(m, ctx.region)) },
      }),
    }),
    defineOperation<string, CatalogueModel, ResolvedModel>({
      name: "GetFoundationModel", method: "GET", path: "/foundation-models/{modelIdentifier}", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "bedrock:GetFoundationModel",
      decode: ({ params }) => params["modelIdentifier"]!,
      resolve: (id) => models.resolve(id, "modelIdentifier"),
      resource: (model) => model.arn,
      subject: (model) => (model.entry ? model.modelId : undefined),
      invoke: async (model) => ModelResolver.entryOf(model, "modelIdentifier").model,
      encode: (model, ctx) => ({ kind: "json", status: 200, body: { modelDetails: encodeModelSummary(model, ctx.region) } }),
    }),
  ];
}
