import { Fault, invalid, sensitive } from "../../kernel/index.js";
import type { ConverseResult, EmbedResult, RequestContext, Sensitive, StopReason, StreamEvent, Usage } from "../../kernel/index.js";
import type { GuardrailSelection } from "../../service/commands.js";
import type { InferenceService } from "../../service/inference.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { EVENTSTREAM_CONTENT_TYPE, EventStreamWriter } from "../eventstream.js";
import { defineOperation } from "../operation.js";
import type { DecodeInput, Operation, Reply } from "../operation.js";
import { admitted, canonicalModelAndGuardrail, guardrailConditions, guardrailUse, knownModel, processingRegion, profileConditions, alsoAuthorized } from "./converse-routes.js";
import type { Resolved } from "./converse-routes.js";
import type { ModelResolver } from "../../service/resources/index.js";
import { parseJsonBody } from "./json-body.js";
import { METRICS_KEY, nativeFamilyFor } from "./native/index.js";
import { markTaggedInput, takeGuardrailBodyConfig } from "./guardrail/input-tags.js";
import { invokeGuardrailMembers } from "./guardrail/invoke-members.js";
import { requestMetadataHeader, serviceHeaders, serviceResponseHeaders, tierOf, withService } from "./invoke-service.js";
import type { ServiceOptions } from "./invoke-service.js";
import type { NativeDecoded, NativeFamily } from "./native/index.js";

/**
 * InvokeModel and InvokeModelWithResponseStream with each model family's native body. The body
 * is translated into the same use cases Converse runs, and the result back into the family's
 * own response, so every model speaks every family it is addressed with.
 */
export interface NativeInput {
  readonly modelId: string;
  readonly family: NativeFamily;
  readonly decoded: NativeDecoded;
  readonly guardrail?: GuardrailSelection;
  readonly service: ServiceOptions;
  /** The body as the caller sent it, and its declared type: kept (not copied) for the invocation log only. */
  readonly raw: Sensitive<Uint8Array>;
  readonly contentType?: string;
  readonly requestMetadata?: Sensitive<Readonly<Record<string, string>>>;
}

/**
 * A body for a model with no native format: refused once the model is known to exist. An
 * application profile's or provisioned model's ARN says nothing of its model's family, so its body is kept and decoded
 * once the profile is resolved (see `lateFamily`).
 */
interface Unformatted { readonly modelId: string; readonly family: undefined; readonly guardrail?: GuardrailSelection; readonly service: ServiceOptions; readonly body?: Buffer; readonly contentType?: string; readonly requestMetadata?: Sensitive<Readonly<Record<string, string>>> }

export type NativeOutput =
  | { readonly kind: "converse"; readonly result: ConverseResult; readonly input: NativeInput; readonly startedAt: number; readonly guardrailIntervened?: boolean }
  | { readonly kind: "embed"; readonly result: EmbedResult; readonly input: NativeInput; readonly startedAt: number };

/** The body in the model's own format, without Bedrock's guardrail member, its input tags turned into guard marks. */
function decodeFamily(family: NativeFamily, body: Buffer, modelId: string, service: ServiceOptions): NativeDecoded {
  const { body: own, tagSuffix, streamProcessingMode } = takeGuardrailBodyConfig(parseJsonBody(body));
  const decoded = markTaggedInput(withService(family.decode(own, modelId), service), tagSuffix);
  return decoded.kind === "converse" && streamProcessingMode !== undefined ? { ...decoded, streamProcessingMode } : decoded;
}

function decodeNative({ params, header, body }: DecodeInput, acceptHeader: string): NativeInput | Unformatted {
  const modelId = params["modelId"]!;
  const contentType = header("content-type");
  // The AWS SDKs label a blob body application/octet-stream when the caller names no type.
  if (contentType !== undefined && !/^application\/(json|octet-stream)\b/i.test(contentType)) {
    throw invalid("contentType", "the body must be application/json");
  }
  const accept = header(acceptHeader);
  if (accept !== undefined && !/^(application\/json\b|\*\/\*)/i.test(accept)) {
    throw invalid("accept", "the only supported response type is application/json");
  }
  const guardrail = guardrailHeaders(header);
  const service = serviceHeaders(header);
  const metadata = requestMetadataHeader(header);
  const kept = { ...(contentType === undefined ? {} : { contentType }), ...(metadata === undefined ? {} : { requestMetadata: metadata }) };
  const family = nativeFamilyFor(modelId);
  if (!family) return { modelId, family, guardrail, service, body, ...kept };
  return { modelId, family, guardrail, service, decoded: decodeFamily(family, body, modelId, service), raw: sensitive(body), ...kept };
}

const GUARDRAIL_ID = /^(|[a-z0-9]+|arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+)$/;
const GUARDRAIL_VERSION = /^(|[1-9][0-9]{0,7}|DRAFT)$/;

/** X-Amzn-Bedrock-GuardrailIdentifier / -Version, checked against the model's patterns. */
function guardrailHeaders(header: DecodeInput["header"]): GuardrailSelection | undefined {
  const identifier = header("x-amzn-bedrock-guardrailidentifier");
  const version = header("x-amzn-bedrock-guardrailversion");
  if (identifier === undefined && version === undefined) return undefined;
  if (identifier === undefined || !GUARDRAIL_ID.test(identifier)) throw invalid("guardrailIdentifier", "Member must satisfy the guardrail identifier pattern");
  if (version === undefined || !GUARDRAIL_VERSION.test(version)) throw invalid("guardrailVersion", "Member must be DRAFT or a version number");
  const trace = header("x-amzn-bedrock-trace");
  if (trace !== undefined && !TRACE.has(trace)) throw invalid("trace", "Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_FULL]");
  return { identifier, version, ...(trace === undefined ? {} : { trace: TRACE.get(trace)! }) };
}

/** X-Amzn-Bedrock-Trace, in the Converse vocabulary the use case takes. */
const TRACE: ReadonlyMap<string, "enabled" | "disabled" | "enabled_full"> = new Map([["ENABLED", "enabled"], ["DISABLED", "disabled"], ["ENABLED_FULL", "enabled_full"]]);

/** The keys of every inference (converse-routes.ts), with the tier this call asks for. */
function invokeConditions(input: NativeInput | Unformatted, ctx: RequestContext): ReadonlyMap<string, string> {
  const decoded = input.family === undefined ? undefined : input.decoded;
  return new Map(guardrailConditions(input.guardrail, ctx)).set("bedrock:ServiceTier", tierOf(input.service, decoded));
}

/** The native family of a model reached through an application profile or a provisioned model, known only once resolved. */
function lateFamily(input: Resolved<NativeInput | Unformatted>): Resolved<NativeInput | Unformatted> {
  const late = input.resolution.profile?.type === "APPLICATION" || input.resolution.provisioned !== undefined;
  if (input.family !== undefined || input.body === undefined || !late || !input.known) return input;
  const family = nativeFamilyFor(input.modelId);
  if (!family) return input;
  return { ...input, family, decoded: decodeFamily(family, input.body, input.modelId, input.service), raw: sensitive(input.body) };
}

/** The X-Amzn-Bedrock-Guardrail* headers' guardrail, for the inference use case. */
const guarded = (input: NativeInput): { guardrail?: GuardrailSelection } => {
  if (!input.guardrail || input.guardrail.identifier === "") return {};
  const mode = input.decoded.kind === "converse" ? input.decoded.streamProcessingMode : undefined;
  return { guardrail: mode === undefined ? input.guardrail : { ...input.guardrail, streamProcessingMode: mode } };
};

/** Unknown models are not-found (as in Bedrock) before a missing native format is a validation error. */
function formatted(resolved: Resolved<NativeInput | Unformatted>, inference: InferenceService): NativeInput {
  const input = admitted(resolved);
  inference.model(input.modelId);
  // Bedrock's guardrails do not support embedding models, so naming one is refused rather than
  // ignored; the account's enforced guardrails still check the inputs (InferenceService.embed).
  if (input.guardrail && input.family !== undefined && input.decoded.kind !== "converse") {
    throw new Fault("validation", `The model ${input.modelId} produces embeddings; guardrails apply to text generation`, { field: "guardrailIdentifier" });
  }
  if (input.family === undefined) {
    throw new Fault("validation", `The model ${input.modelId} has no native request format; call it with Converse`, { field: "modelId" });
  }
  return input;
}

const metricsHeaders = (usage: Usage, startedAt: number): Record<string, string> => ({
  "x-amzn-bedrock-input-token-count": String(usage.inputTokens),
  "x-amzn-bedrock-output-token-count": String(usage.outputTokens),
  "x-amzn-bedrock-invocation-latency": String(Math.round(performance.now() - startedAt)),
  ...(usage.cacheReadInputTokens === undefined ? {} : { "x-amzn-bedrock-cache-read-input-token-count": String(usage.cacheReadInputTokens) }),
  ...(usage.cacheWriteInputTokens === undefined ? {} : { "x-amzn-bedrock-cache-write-input-token-count": String(usage.cacheWriteInputTokens) }),
});

export function invokeOperations(inference: InferenceService, models: ModelResolver): Operation[] {
  const resolve = canonicalModelAndGuardrail<NativeInput | Unformatted>(models, inference);
  return [
    defineOperation<NativeInput | Unformatted, NativeOutput, Resolved<NativeInput | Unformatted>>({
      name: "InvokeModel", method: "POST", path: "/model/{modelId}/invoke", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "bedrock:InvokeModel",
      decode: (input) => decodeNative(input, "accept"),
      resolve: async (input, ctx) => lateFamily(await resolve(input, ctx)),
      resource: (input) => input.modelArn,
      conditions: (input, ctx) => profileConditions(input, invokeConditions(input, ctx)),
      alsoAuthorize: (input, ctx) => [...alsoAuthorized(input, invokeConditions(input, ctx)), ...guardrailUse(input, ctx)],
      subject: knownModel,
      processingRegion,
      invoke: async (raw, ctx) => {
        const input = formatted(raw, inference);
        const startedAt = performance.now();
        const d = input.decoded;
        // The body was decoded against the caller's spelling; the use case takes the resolved model.
        if (d.kind === "converse") {
          const result = await inference.converse({ ...d.command, modelId: input.modelId, ...guarded(input) }, ctx);
          return { kind: "converse", result, input, startedAt, guardrailIntervened: intervened(result.stopReason, ctx) };
        }
        return { kind: "embed", result: await inference.embed({ ...d.command, modelId: input.modelId }, ctx), input, startedAt };
      },
      encode: (out): Reply => {
        const body = Buffer.from(JSON.stringify(nativeResponseBody(out)));
        if (out.kind === "converse") {
          const headers = { ...metricsHeaders(out.result.usage, out.startedAt), ...serviceResponseHeaders(out.input.service, out.result.serviceTier) };
          return { kind: "bytes", status: 200, contentType: "application/json", body, headers };
        }
        return { kind: "bytes", status: 200, contentType: "application/json", body, headers: { ...metricsHeaders({ inputTokens: out.result.inputTokens, outputTokens: 0, totalTokens: out.result.inputTokens }, out.startedAt), ...serviceResponseHeaders(out.input.service) } };
      },
    }),
    defineOperation<NativeInput | Unformatted, NativeStreamOutput, Resolved<NativeInput | Unformatted>>({
      name: "InvokeModelWithResponseStream", method: "POST", path: "/model/{modelId}/invoke-with-response-stream", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "bedrock:InvokeModelWithResponseStream",
      decode: (input) => decodeNative(input, "x-amzn-bedrock-accept"),
      resolve: async (input, ctx) => lateFamily(await resolve(input, ctx)),
      resource: (input) => input.modelArn,
      conditions: (input, ctx) => profileConditions(input, invokeConditions(input, ctx)),
      alsoAuthorize: (input, ctx) => [...alsoAuthorized(input, invokeConditions(input, ctx)), ...guardrailUse(input, ctx)],
      subject: knownModel,
      processingRegion,
      invoke: async (raw, ctx) => {
        const input = formatted(raw, inference);
        if (input.decoded.kind !== "converse" || !input.family.streamEncoder) {
          throw new Fault("validation", `The model ${input.modelId} does not support response streaming`, { field: "modelId" });
        }
        const events = await inference.converseStream({ ...input.decoded.command, modelId: input.modelId, ...guarded(input) }, ctx);
        // Read when the last chunk is written: by then the guardrail has read the whole answer.
        return { events, input, guardrailIntervened: (stopReason: StopReason | undefined) => intervened(stopReason, ctx) };
      },
      encode: (out): Reply => ({
        kind: "stream", status: 200,
        headers: { "content-type": EVENTSTREAM_CONTENT_TYPE, "x-amzn-bedrock-content-type": "application/json", ...serviceResponseHeaders(out.input.service) },
        frames: chunkFrames(out),
      }),
    }),
  ];
}

/** InvokeModel's response body in the family's own shape: what the caller receives, and what an invocation log records. */
export function nativeResponseBody(out: NativeOutput): unknown {
  const { family, decoded, modelId } = out.input;
  if (out.kind === "converse") return withGuardrailMembers(family.encodeConverse!(out.result, modelId), out.input, out.result, out.guardrailIntervened);
  const d = decoded as Extract<NativeDecoded, { kind: "embed" }>;
  return family.encodeEmbed!(out.result, d.command, d.options);
}

/** With a guardrail named in the headers, Bedrock adds its own members to the model's body (guardrail/invoke-members.ts). */
function withGuardrailMembers(body: unknown, input: NativeInput, result: ConverseResult, intervened: boolean | undefined): unknown {
  if (guarded(input).guardrail === undefined || typeof body !== "object" || body === null) return body;
  return { ...body, ...invokeGuardrailMembers(intervened ?? result.stopReason === "guardrail_intervened", result.guardrailTrace) };
}

/**
 * Whether a guardrail acted on the call: blocked (the stop reason says so) or masked, which ends
 * the turn normally and shows only in the request's guardrail note.
 */
function intervened(stopReason: StopReason | undefined, ctx: RequestContext): boolean {
  return stopReason === "guardrail_intervened" || ctx.notes.guardrail?.action === "INTERVENED";
}

/** The stream InvokeModelWithResponseStream's operation hands to the output guards and the encoder. */
export interface NativeStreamOutput {
  readonly events: AsyncIterable<StreamEvent>;
  readonly input: NativeInput;
  /** Whether a guardrail acted, given the stream's stop reason; asked once, for the last chunk. */
  readonly guardrailIntervened?: (stopReason: StopReason | undefined) => boolean;
}

/**
 * Each native chunk travels as a `chunk` event whose `bytes` member is the chunk's JSON (base64 on
 * the wire). With a guardrail named, the last chunk (the one with the invocation metrics, written
 * on the metadata event, whose trace it carries) also takes Bedrock's guardrail members.
 */
async function* chunkFrames(out: NativeStreamOutput): AsyncIterable<Uint8Array> {
  const { events, input } = out;
  const writer = new EventStreamWriter();
  const encoder = input.family.streamEncoder!(input.modelId);
  const named = guarded(input).guardrail !== undefined;
  let stopReason: StopReason | undefined;
  for await (const event of events) {
    if (event.type === "messageStop") stopReason = event.stopReason;
    for (const chunk of encoder.push(event)) {
      const last = named && event.type === "metadata" && typeof chunk === "object" && chunk !== null && METRICS_KEY in chunk;
      const sent = last ? { ...chunk, ...invokeGuardrailMembers(out.guardrailIntervened?.(stopReason) ?? stopReason === "guardrail_intervened", event.guardrailTrace) } : chunk;
      yield writer.event("chunk", { bytes: Buffer.from(JSON.stringify(sent)).toString("base64") });
    }
  }
}
