import type { ConverseResult, StreamEvent } from "../../kernel/index.js";
import type { InferenceService } from "../../service/inference.js";
import type { ModelResolver } from "../../service/resources/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { converseAuditParameters } from "../bedrock-runtime/audit-parameters.js";
import { admitted, canonicalModel, guardrailConditions, knownModel, processingRegion, profileConditions, alsoAuthorized } from "../bedrock-runtime/converse-routes.js";
import type { Resolved } from "../bedrock-runtime/converse-routes.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation, Reply } from "../operation.js";
import { sseHeaders } from "../sse.js";
import type { ChatIdentity } from "./chat-encode.js";
import { identity } from "./chat-routes.js";
import { openAiErrorBody, openAiProtocol, requestIdHeader } from "./protocol.js";
import { unsupported } from "./refuse.js";
import { decodeResponsesRequest } from "./responses-decode.js";
import type { ResponsesCommand } from "./responses-decode.js";
import { encodeResponse } from "./responses-encode.js";
import { ResponseEvents, responseFrames } from "./responses-stream.js";

type Answer =
  | { readonly kind: "response"; readonly result: ConverseResult; readonly who: ChatIdentity }
  | { readonly kind: "stream"; readonly events: AsyncIterable<StreamEvent>; readonly who: ChatIdentity };

/**
 * POST /openai/v1/responses, authorised and served as Converse; with `stream: true` as
 * ConverseStream (bedrock:InvokeModelWithResponseStream), answered in the Responses API's
 * server-sent events, the last of them (response.completed, with the usage) only once the
 * exchange is recorded.
 */
export function responsesOperation(inference: InferenceService, models: ModelResolver): Operation {
  return defineOperation<ResponsesCommand, Answer, Resolved<ResponsesCommand>>({
    name: "CreateResponse", method: "POST", path: "/openai/v1/responses", signingService: "bedrock",
    authSchemes: SIGV4_OR_BEARER, protocol: openAiProtocol,
    action: "bedrock:InvokeModel",
    actionOf: (cmd) => (cmd.stream ? "bedrock:InvokeModelWithResponseStream" : "bedrock:InvokeModel"),
    decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeResponsesRequest(parseJsonBody(body))),
    resolve: canonicalModel(models),
    resource: (cmd) => cmd.modelArn,
    conditions: (cmd, ctx) => profileConditions(cmd, guardrailConditions(undefined, ctx, cmd.inference.serviceTier)),
    alsoAuthorize: (cmd, ctx) => alsoAuthorized(cmd, guardrailConditions(undefined, ctx, cmd.inference.serviceTier)),
    subject: knownModel,
    auditParameters: (cmd) => ({ ...converseAuditParameters(cmd), stream: cmd.stream }),
    processingRegion,
    invoke: async (cmd, ctx): Promise<Answer> => {
      // Allowed by the account's retention mode, a kept response is still something plinth does not do.
      if (cmd.retentionRequested !== undefined) throw unsupported(cmd.retentionRequested, `Keeping responses ('${cmd.retentionRequested}: true')`);
      const who = identity("resp_", cmd.modelId, ctx);
      return cmd.stream
        ? { kind: "stream", events: await inference.converseStream(admitted(cmd), ctx), who }
        : { kind: "response", result: await inference.converse(admitted(cmd), ctx), who };
    },
    encode: (answer, ctx): Reply => {
      if (answer.kind === "response") return { kind: "json", status: 200, body: encodeResponse(answer.result, answer.who), headers: requestIdHeader(ctx.requestId) };
      const encoder = new ResponseEvents(answer.who);
      return {
        kind: "stream", status: 200, headers: sseHeaders(requestIdHeader(ctx.requestId)),
        frames: frames(answer.events, encoder),
        fault: (f) => responseFrames(encoder.failure(openAiErrorBody(f).error)),
        trailer: () => responseFrames(encoder.finish()),
      };
    },
  });
}

async function* frames(events: AsyncIterable<StreamEvent>, encoder: ResponseEvents): AsyncIterable<Uint8Array> {
  for await (const event of events) {
    const out = encoder.next(event);
    if (out.length > 0) yield responseFrames(out);
  }
}
