import type { EmbedResult } from "../../kernel/index.js";
import type { CatalogueModel, ModelCatalogue } from "../../service/catalogue.js";
import type { InferenceService } from "../../service/inference.js";
import { ModelResolver } from "../../service/resources/index.js";
import type { ResolvedModel } from "../../service/resources/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { admitted, canonicalModel, guardrailConditions, knownModel, processingRegion, profileConditions, alsoAuthorized } from "../bedrock-runtime/converse-routes.js";
import type { Resolved } from "../bedrock-runtime/converse-routes.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { chatOperation } from "./chat-routes.js";
import { decodeEmbeddingsRequest, encodeEmbeddings } from "./embeddings.js";
import type { EmbeddingsCommand } from "./embeddings.js";
import { encodeModel, encodeModelList } from "./models.js";
import { openAiProtocol, requestIdHeader } from "./protocol.js";
import { responsesOperation } from "./responses-routes.js";

/** The names DECLARED_OPERATIONS adds for the `bedrock` signing service. */
export const OPENAI_OPERATION_NAMES = ["CreateChatCompletion", "CreateResponse", "CreateEmbedding", "ListModels", "RetrieveModel"] as const;

const common = { signingService: "bedrock", authSchemes: SIGV4_OR_BEARER, protocol: openAiProtocol } as const;

/**
 * The OpenAI-compatible API Bedrock serves under /openai/v1 on its runtime endpoint (signing
 * name `bedrock`, a Bedrock API key as the OpenAI key). Each operation is authorised as its
 * Bedrock equivalent, so one policy governs every surface: chat and responses as Converse,
 * embeddings as InvokeModel, the model list and a model as ListFoundationModels and
 * GetFoundationModel.
 */
export function openAiOperations(inference: InferenceService, models: ModelResolver, catalogue: ModelCatalogue): Operation[] {
  return [
    chatOperation(inference, models),
    responsesOperation(inference, models),
    defineOperation<EmbeddingsCommand, { result: EmbedResult; model: string; base64: boolean }, Resolved<EmbeddingsCommand>>({
      ...common, name: "CreateEmbedding", method: "POST", path: "/openai/v1/embeddings",
      action: "bedrock:InvokeModel",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeEmbeddingsRequest(parseJsonBody(body))),
      resolve: canonicalModel(models),
      resource: (cmd) => cmd.modelArn,
      conditions: (cmd, ctx) => profileConditions(cmd, guardrailConditions(undefined, ctx)),
      alsoAuthorize: (cmd, ctx) => alsoAuthorized(cmd, guardrailConditions(undefined, ctx)),
      subject: knownModel,
      auditParameters: (cmd) => ({ modelId: cmd.known ? cmd.modelId : null, ...(cmd.dimensions === undefined ? {} : { dimensions: cmd.dimensions }) }),
      processingRegion,
      invoke: async (cmd, ctx) => ({ result: await inference.embed(admitted(cmd), ctx), model: cmd.modelId, base64: cmd.base64 }),
      encode: ({ result, model, base64 }, ctx) => ({ kind: "json", status: 200, body: encodeEmbeddings(result, model, base64), headers: requestIdHeader(ctx.requestId) }),
    }),
    defineOperation<undefined, CatalogueModel[]>({
      ...common, name: "ListModels", method: "GET", path: "/openai/v1/models",
      action: "bedrock:ListFoundationModels",
      decode: () => undefined,
      resource: () => "*",
      invoke: async () => catalogue.list(),
      encode: (list, ctx) => ({ kind: "json", status: 200, body: encodeModelList(list), headers: requestIdHeader(ctx.requestId) }),
    }),
    defineOperation<string, CatalogueModel, ResolvedModel>({
      ...common, name: "RetrieveModel", method: "GET", path: "/openai/v1/models/{model}",
      action: "bedrock:GetFoundationModel",
      decode: ({ params }) => params["model"]!,
      resolve: (id) => models.resolve(id, "model"),
      resource: (model) => model.arn,
      subject: (model) => (model.entry ? model.modelId : undefined),
      invoke: async (model) => ModelResolver.entryOf(model, "model").model,
      encode: (model, ctx) => ({ kind: "json", status: 200, body: encodeModel(model), headers: requestIdHeader(ctx.requestId) }),
    }),
  ];
}
