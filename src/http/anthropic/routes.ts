import { Fault, extended } from "../../kernel/index.js";
import type { ConverseResult, RequestContext, StreamEvent } from "../../kernel/index.js";
import type { InferenceService } from "../../service/inference.js";
import type { ModelCatalogue } from "../../service/catalogue.js";
import type { ModelResolver } from "../../service/resources/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { converseAuditParameters } from "../bedrock-runtime/audit-parameters.js";
import {
  admitted, canonicalModel, countTokensResources, enforcedGuardrailUse, guardrailConditions, knownModel, processingRegion, profileConditions, alsoAuthorized,
} from "../bedrock-runtime/converse-routes.js";
import type { Resolved } from "../bedrock-runtime/converse-routes.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { nativeFamilyFor } from "../bedrock-runtime/native/index.js";
import { defineOperation } from "../operation.js";
import type { DecodeInput, Operation, Reply } from "../operation.js";
import { decodeCountTokensRequest, decodeMessagesRequest } from "./messages-codec.js";
import type { CountTokensRequest, MessagesHeaders, MessagesRequest } from "./messages-codec.js";
import { encodeMessage, messageEvents } from "./messages-encode.js";
import { bedrockModelFor } from "./model-names.js";
import { ANTHROPIC_MODEL_OPERATION_NAMES, anthropicModelOperations } from "./models-routes.js";
import { anthropicProtocol, anthropicStreamFault } from "./protocol.js";
import { sseHeaders } from "../sse.js";

/**
 * Anthropic's Messages API as Bedrock serves it (`/anthropic/v1/messages`, and count_tokens),
 * for Anthropic models. One pipeline with Converse and InvokeModel: the same resolver (ids, ARNs,
 * inference profiles, and Anthropic's own model names mapped to Bedrock ids first), the same authorisation (bedrock:InvokeModel, or
 * bedrock:InvokeModelWithResponseStream when the body asks to `stream`, on the resolved model and
 * through a profile on each model it routes to; bedrock:CountTokens for counting), admission,
 * audit and the same use cases. Bedrock API keys as a bearer token or in `x-api-key` (see
 * compose/api-keys.ts), or SigV4 for the `bedrock` service.
 */
export const ANTHROPIC_OPERATION_NAMES = ["CreateMessage", "CountMessageTokens", ...ANTHROPIC_MODEL_OPERATION_NAMES] as const;

type Named<T> = T & { readonly requested: string };
type Output =
  | { readonly kind: "message"; readonly result: ConverseResult; readonly input: Resolved<Named<MessagesRequest>> }
  | { readonly kind: "stream"; readonly events: AsyncIterable<StreamEvent>; readonly input: Resolved<Named<MessagesRequest>> };

/** The headers Anthropic's SDKs send that shape the request (x-stainless-* and the like are accepted and ignored). */
function headersOf({ header }: DecodeInput): MessagesHeaders {
  requireJsonContentType(header("content-type"));
  const version = header("anthropic-version");
  const beta = header("anthropic-beta");
  return { ...(version === undefined ? {} : { version }), ...(beta === undefined ? {} : { beta }) };
}

/**
 * After authorisation, as InvokeModel does: an unknown model is not found, then a model of
 * another family is refused (its provider may not speak Anthropic's vocabulary of thinking,
 * cache breakpoints and betas).
 */
function anthropicModel<T extends Resolved<{ readonly modelId: string }>>(input: T, inference: InferenceService): T {
  admitted(input);
  inference.model(input.modelId);
  if (nativeFamilyFor(input.modelId)?.name !== "anthropic") {
    throw new Fault("validation", `The model ${input.modelId} is not an Anthropic model: /anthropic/v1/messages serves Anthropic models only; call it with Converse`, { field: "model" });
  }
  return input;
}

/**
 * The resolver, after Anthropic's own model names (what Claude Code and Anthropic's SDK send)
 * become the Bedrock ids the catalogue serves (model-names.ts).
 */
function anthropicResolve<T extends { readonly modelId: string }>(models: ModelResolver) {
  const canonical = canonicalModel<T>(models);
  const served = (modelId: string): boolean => models.resolve(modelId).entry !== undefined;
  return (input: T, ctx: RequestContext): Promise<Resolved<T>> => canonical({ ...input, modelId: bedrockModelFor(input.modelId, served) }, ctx);
}

const requestIdHeader = (ctx: RequestContext): Record<string, string> => ({ "request-id": ctx.requestId });

export function anthropicOperations(inference: InferenceService, models: ModelResolver, catalogue: ModelCatalogue): Operation[] {
  const base = { method: "POST", signingService: "bedrock", protocol: anthropicProtocol, authSchemes: SIGV4_OR_BEARER, subject: knownModel, processingRegion } as const;
  return [
    defineOperation<Named<MessagesRequest>, Output, Resolved<Named<MessagesRequest>>>({
      ...base, name: "CreateMessage", path: "/anthropic/v1/messages",
      action: "bedrock:InvokeModel",
      actionOf: (input) => (input.stream ? "bedrock:InvokeModelWithResponseStream" : "bedrock:InvokeModel"),
      decode: (input) => {
        const headers = headersOf(input);
        const decoded = decodeMessagesRequest(parseJsonBody(input.body), headers);
        return extended(decoded, { requested: decoded.modelId });
      },
      resolve: anthropicResolve(models),
      resource: (input) => input.modelArn,
      conditions: (input, ctx) => profileConditions(input, guardrailConditions(undefined, ctx, input.command.inference.serviceTier)),
      alsoAuthorize: (input, ctx) => alsoAuthorized(input, guardrailConditions(undefined, ctx, input.command.inference.serviceTier)),
      auditParameters: (input) => converseAuditParameters(extended(input.command, { modelId: input.modelId, known: input.known })),
      invoke: async (raw, ctx): Promise<Output> => {
        const input = anthropicModel(raw, inference);
        // The body was decoded against the caller's spelling; the use case takes the resolved model.
        const command = { ...input.command, modelId: input.modelId };
        return input.stream
          ? { kind: "stream", events: await inference.converseStream(command, ctx), input }
          : { kind: "message", result: await inference.converse(command, ctx), input };
      },
      encode: (out, ctx): Reply => out.kind === "message"
        ? { kind: "json", status: 200, body: encodeMessage(out.result, out.input.modelId, out.input.requested), headers: requestIdHeader(ctx) }
        : {
          kind: "stream", status: 200, frames: sseFrames(out.events, out.input), fault: anthropicStreamFault(ctx.requestId),
          headers: sseHeaders(requestIdHeader(ctx)),
        },
    }),
    defineOperation<CountTokensRequest, number, Resolved<CountTokensRequest>>({
      ...base, name: "CountMessageTokens", path: "/anthropic/v1/messages/count_tokens",
      action: "bedrock:CountTokens",
      decode: (input) => decodeCountTokensRequest(parseJsonBody(input.body), headersOf(input)),
      resolve: anthropicResolve(models),
      // As CountTokens: on foundation models only; through a profile, on each model it routes to.
      resource: (input) => countTokensResources(input)[0]!,
      alsoAuthorize: (input) => [...countTokensResources(input).slice(1).map((resource) => ({ resource })), ...enforcedGuardrailUse(input)],
      // An identifier that names no model of ours is caller text: not recorded.
      auditParameters: (input) => ({ modelId: input.known ? input.modelId : null }),
      invoke: (raw, ctx) => inference.countTokens(anthropicModel(raw, inference), ctx),
      encode: (inputTokens, ctx) => ({ kind: "json", status: 200, body: { input_tokens: inputTokens }, headers: requestIdHeader(ctx) }),
    }),
    ...anthropicModelOperations(models, catalogue),
  ];
}

async function* sseFrames(events: AsyncIterable<StreamEvent>, input: Resolved<Named<MessagesRequest>>): AsyncIterable<Uint8Array> {
  const encoder = messageEvents(input.modelId, input.requested);
  for await (const event of events) yield* encoder.push(event);
}
