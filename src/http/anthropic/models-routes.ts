import { Fault } from "../../kernel/index.js";
import type { RequestContext } from "../../kernel/index.js";
import type { CatalogueModel, ModelCatalogue } from "../../service/catalogue.js";
import { ModelResolver } from "../../service/resources/index.js";
import type { ResolvedModel } from "../../service/resources/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { bedrockModelFor } from "./model-names.js";
import { decodeModelsQuery, encodeModelInfo, encodeModelPage, isAnthropicModel } from "./models.js";
import type { ModelsPage } from "./models.js";
import { anthropicProtocol } from "./protocol.js";

/** The names surface.ts declares: distinct from the OpenAI surface's ListModels and RetrieveModel. */
export const ANTHROPIC_MODEL_OPERATION_NAMES = ["ListAnthropicModels", "GetAnthropicModel"] as const;

const requestIdHeader = (ctx: RequestContext): Record<string, string> => ({ "request-id": ctx.requestId });

/**
 * GET /anthropic/v1/models and /anthropic/v1/models/{model_id}, authorised as their Bedrock
 * equivalents (bedrock:ListFoundationModels; bedrock:GetFoundationModel on the model's ARN), as
 * the OpenAI surface's model list is, so one policy governs every way of seeing the catalogue.
 * A model of another family is not found here, after authorisation, as an unknown one is.
 */
export function anthropicModelOperations(models: ModelResolver, catalogue: ModelCatalogue): Operation[] {
  const common = { method: "GET", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER, protocol: anthropicProtocol } as const;
  const served = (modelId: string): boolean => models.resolve(modelId).entry !== undefined;
  return [
    defineOperation<ModelsPage, Record<string, unknown>>({
      ...common, name: "ListAnthropicModels", path: "/anthropic/v1/models",
      action: "bedrock:ListFoundationModels",
      decode: ({ query }) => decodeModelsQuery(query),
      resource: () => "*",
      invoke: async (page) => encodeModelPage(catalogue.list().filter(isAnthropicModel), page),
      encode: (body, ctx) => ({ kind: "json", status: 200, body, headers: requestIdHeader(ctx) }),
    }),
    defineOperation<string, CatalogueModel, ResolvedModel>({
      ...common, name: "GetAnthropicModel", path: "/anthropic/v1/models/{model_id}",
      action: "bedrock:GetFoundationModel",
      decode: ({ params }) => params["model_id"]!,
      // Anthropic's own names (claude-sonnet-4-5) name the Bedrock model they map to, as on /v1/messages.
      resolve: (id) => models.resolve(bedrockModelFor(id, served), "model_id"),
      resource: (model) => model.arn,
      subject: (model) => (model.entry ? model.modelId : undefined),
      invoke: async (resolved) => {
        const model = ModelResolver.entryOf(resolved, "model_id").model;
        if (!isAnthropicModel(model)) throw new Fault("not-found", "The model named is not an Anthropic model served here", { field: "model_id" });
        return model;
      },
      encode: (model, ctx) => ({ kind: "json", status: 200, body: encodeModelInfo(model), headers: requestIdHeader(ctx) }),
    }),
  ];
}
