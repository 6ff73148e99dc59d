import { foundationModelArn } from "../../kernel/index.js";
import type { CatalogueModel, ModelCatalogue, ModelFilters } from "../../service/catalogue.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { decodeModelFilters, encodeModelSummary } from "./codec.js";

/** The Bedrock control plane (endpoint `bedrock`, signing name `bedrock`). */
export function bedrockOperations(catalogue: ModelCatalogue): Operation[] {
  return [
    defineOperation<ModelFilters, ModelFilters>({
      name: "ListFoundationModels", method: "GET", path: "/foundation-models", signingService: "bedrock",
      action: "bedrock:ListFoundationModels",
      decode: ({ query }) => decodeModelFilters(query),
      resource: () => "*",
      invoke: async (filters) => filters,
      encode: (filters, ctx) => ({
        kind: "json", status: 200,
        body: { modelSummaries: catalogue.list(filters).map((m) => encodeModelSummary(m, ctx.region)) },
      }),
    }),
    defineOperation<string, CatalogueModel>({
      name: "GetFoundationModel", method: "GET", path: "/foundation-models/{modelIdentifier}", signingService: "bedrock",
      action: "bedrock:GetFoundationModel",
      decode: ({ params }) => params["modelIdentifier"]!,
      resource: (id, ctx) => (id.startsWith("arn:") ? id : foundationModelArn(ctx.region, id)),
      subject: (id) => id,
      invoke: async (id) => catalogue.resolve(id).model,
      encode: (model, ctx) => ({ kind: "json", status: 200, body: { modelDetails: encodeModelSummary(model, ctx.region) } }),
    }),
  ];
}
