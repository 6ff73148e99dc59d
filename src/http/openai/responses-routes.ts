import type { ConverseResult } from "../../kernel/index.js";
import type { InferenceService } from "../../service/inference.js";
import type { ModelResolver } from "../../service/resources/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { converseAuditParameters } from "../bedrock-runtime/audit-parameters.js";
import { admitted, canonicalModel, guardrailConditions, knownModel, processingRegion, profileConditions, profileModels } from "../bedrock-runtime/converse-routes.js";
import type { Resolved } from "../bedrock-runtime/converse-routes.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import type { ChatIdentity } from "./chat-encode.js";
import { identity } from "./chat-routes.js";
import { openAiProtocol, requestIdHeader } from "./protocol.js";
import { unsupported } from "./refuse.js";
import { decodeResponsesRequest } from "./responses-decode.js";
import type { ResponsesCommand } from "./responses-decode.js";
import { encodeResponse } from "./responses-encode.js";

/** POST /openai/v1/responses, synchronous: authorised and served as Converse. */
export function responsesOperation(inference: InferenceService, models: ModelResolver): Operation {
  return defineOperation<ResponsesCommand, { result: ConverseResult; who: ChatIdentity }, Resolved<ResponsesCommand>>({
    name: "CreateResponse", method: "POST", path: "/openai/v1/responses", signingService: "bedrock",
    authSchemes: SIGV4_OR_BEARER, protocol: openAiProtocol,
    action: "bedrock:InvokeModel",
    decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeResponsesRequest(parseJsonBody(body))),
    resolve: canonicalModel(models),
    resource: (cmd) => cmd.modelArn,
    conditions: (cmd, ctx) => profileConditions(cmd, guardrailConditions(undefined, ctx, cmd.inference.serviceTier)),
    alsoAuthorize: (cmd, ctx) => profileModels(cmd, guardrailConditions(undefined, ctx, cmd.inference.serviceTier)),
    subject: knownModel,
    auditParameters: converseAuditParameters,
    processingRegion,
    invoke: async (cmd, ctx) => {
      // Allowed by the account's retention mode, a kept response is still something plinth does not do.
      if (cmd.retentionRequested !== undefined) throw unsupported(cmd.retentionRequested, `Keeping responses ('${cmd.retentionRequested}: true')`);
      return { result: await inference.converse(admitted(cmd), ctx), who: identity("resp_", cmd.modelId, ctx) };
    },
    encode: ({ result, who }, ctx) => ({ kind: "json", status: 200, body: encodeResponse(result, who), headers: requestIdHeader(ctx.requestId) }),
  });
}
