import { extended } from "../../kernel/index.js";
import type { ConverseResult, RequestContext, StreamEvent } from "../../kernel/index.js";
import type { InferenceService } from "../../service/inference.js";
import type { ModelResolver } from "../../service/resources/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { converseAuditParameters } from "../bedrock-runtime/audit-parameters.js";
import { admitted, canonicalModel, guardrailConditions, knownModel, processingRegion, profileConditions, alsoAuthorized } from "../bedrock-runtime/converse-routes.js";
import type { Resolved } from "../bedrock-runtime/converse-routes.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { decodeChatRequest } from "./chat-decode.js";
import type { ChatCommand } from "./chat-decode.js";
import { SSE_DONE, sseData, sseHeaders } from "../sse.js";
import { ChatChunks, encodeChatCompletion } from "./chat-encode.js";
import type { ChatIdentity } from "./chat-encode.js";
import { openAiErrorBody, openAiProtocol, requestIdHeader } from "./protocol.js";
import { unsupported } from "./refuse.js";

type Served = { readonly kind: "completion"; readonly result: ConverseResult } | { readonly kind: "stream"; readonly events: AsyncIterable<StreamEvent> };
type Answer = Served & { readonly who: ChatIdentity; readonly includeUsage: boolean };

const STREAM_ACTION = "bedrock:InvokeModelWithResponseStream";

/** What names a completion: the request id (so a caller's report can be found), its time, the canonical model. */
export const identity = (prefix: string, modelId: string, ctx: RequestContext): ChatIdentity =>
  ({ id: `${prefix}${ctx.requestId}`, created: Math.floor(ctx.receivedAt.getTime() / 1000), model: modelId });

/**
 * POST /openai/v1/chat/completions, served exactly as Converse (or ConverseStream, with
 * `stream: true`) is: the same resolver, the same action on the same resources (the model, or a
 * profile and each model it routes to), the same condition keys, hooks and audit parameters.
 */
export function chatOperation(inference: InferenceService, models: ModelResolver): Operation {
  return defineOperation<ChatCommand, Answer, Resolved<ChatCommand>>({
    name: "CreateChatCompletion", method: "POST", path: "/openai/v1/chat/completions", signingService: "bedrock",
    authSchemes: SIGV4_OR_BEARER, protocol: openAiProtocol,
    action: "bedrock:InvokeModel",
    actionOf: (cmd) => (cmd.stream ? STREAM_ACTION : "bedrock:InvokeModel"),
    decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeChatRequest(parseJsonBody(body))),
    resolve: canonicalModel(models),
    resource: (cmd) => cmd.modelArn,
    conditions: (cmd, ctx) => profileConditions(cmd, guardrailConditions(undefined, ctx, cmd.inference.serviceTier)),
    alsoAuthorize: (cmd, ctx) => alsoAuthorized(cmd, guardrailConditions(undefined, ctx, cmd.inference.serviceTier)),
    subject: knownModel,
    auditParameters: (cmd) => extended(converseAuditParameters(cmd), { stream: cmd.stream }),
    processingRegion,
    invoke: async (cmd, ctx) => {
      // Allowed by the account's retention mode, `store` still asks for something plinth does not do.
      if (cmd.retentionRequested !== undefined) throw unsupported("store", "Stored completions ('store: true')");
      const who = identity("chatcmpl-", cmd.modelId, ctx);
      const served: Served = cmd.stream
        ? { kind: "stream", events: await inference.converseStream(admitted(cmd), ctx) }
        : { kind: "completion", result: await inference.converse(admitted(cmd), ctx) };
      return extended(served, { who, includeUsage: cmd.includeUsage });
    },
    encode: (answer, ctx) => {
      if (answer.kind === "completion") return { kind: "json", status: 200, body: encodeChatCompletion(answer.result, answer.who), headers: requestIdHeader(ctx.requestId) };
      return {
        kind: "stream", status: 200, headers: sseHeaders(requestIdHeader(ctx.requestId)),
        frames: chunks(answer.events, new ChatChunks(answer.who, answer.includeUsage)),
        fault: (f) => sseData(openAiErrorBody(f)),
        trailer: SSE_DONE,
      };
    },
  });
}

async function* chunks(events: AsyncIterable<StreamEvent>, encoder: ChatChunks): AsyncIterable<Uint8Array> {
  for await (const event of events) {
    const chunk = encoder.next(event);
    if (chunk !== undefined) yield sseData(chunk);
  }
}
