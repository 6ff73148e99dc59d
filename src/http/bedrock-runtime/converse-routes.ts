import type { ConverseResult, InferenceConfig, ServiceTier, StreamEvent } from "../../kernel/index.js";
import { extended } from "../../kernel/index.js";
import type { RequestContext } from "../../kernel/index.js";
import type { ConverseCommand, CountTokensCommand, GuardrailSelection } from "../../service/commands.js";
import { converseAuditParameters } from "./audit-parameters.js";
import type { InferenceService } from "../../service/inference.js";
import type { ResourceTag } from "../../service/guardrails/gate.js";
import { ModelResolver, usedGuardrailArn } from "../../service/resources/index.js";
import type { EnforcedGuardrailRef, ResolvedModel } from "../../service/resources/index.js";
import type { ConditionMap } from "../../service/authorize.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { EVENTSTREAM_CONTENT_TYPE, EventStreamWriter } from "../eventstream.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { decodeConverseRequest, decodeConverseStreamRequest, decodeCountTokensRequest, encodeConverseOutput, encodeCountTokensOutput, encodeStreamEvent } from "./codec/index.js";
import type { RequestedService } from "./codec/index.js";
import { parseJsonBody, requireJsonContentType } from "./json-body.js";
import { decodeNativeForCountTokens } from "./native/index.js";

/**
 * The resolve step of every inference operation: the caller's spelling (a model id or ARN, an
 * inference profile's id or ARN) becomes the canonical model, once (ModelResolver.resolveInvocation).
 */
export function canonicalModel<T extends { readonly modelId: string }>(models: ModelResolver) {
  return async (input: T, ctx: RequestContext): Promise<Resolved<T>> => {
    const resolution = await models.resolveInvocation(input.modelId, ctx.principal.accountId);
    const enforcedGuardrails = await models.enforcedGuardrails(ctx.principal.accountId, resolution.modelId, ctx);
    return extended(input, {
      modelId: resolution.modelId, modelArn: resolution.arn, known: resolution.entry !== undefined, resolution,
      ...(enforcedGuardrails.length === 0 ? {} : { enforcedGuardrails }),
    });
  };
}

/**
 * How Bedrock authorises a call through an inference profile: the action on the profile's ARN
 * (with its tags as aws:ResourceTag/*) and on each foundation model it routes to, both with
 * `bedrock:InferenceProfileArn` naming the profile, so a Deny on a model holds through any
 * profile and a policy can allow a model only through profiles. A direct call: the model alone.
 */
export function profileConditions(input: Resolved<object>, base: ConditionMap): ConditionMap {
  const profile = input.resolution.profile;
  // A provisioned model is the resource itself: its tags are the call's aws:ResourceTag/*.
  const provisioned = input.resolution.provisioned;
  if (provisioned) return new Map([...base, ...provisioned.tags.map((t) => [`aws:ResourceTag/${t.key}`, t.value] as const)]);
  if (!profile) return base;
  const keys = new Map(base);
  keys.set("bedrock:InferenceProfileArn", profile.arn);
  for (const tag of profile.tags) keys.set(`aws:ResourceTag/${tag.key}`, tag.value);
  return keys;
}

/**
 * What an inference is authorised on besides its model or profile: the foundation models a
 * profile routes to, with the same action (without the profile's tags), and each guardrail the
 * account enforces on the model as bedrock:ApplyGuardrail (with its tags), as in Bedrock, where a
 * caller that may not apply an enforced guardrail may not call the model.
 */
export function alsoAuthorized(input: Resolved<object>, base: ConditionMap): { resource: string; conditions: ConditionMap; action?: string }[] {
  const enforced = enforcedGuardrailUse(input);
  const profile = input.resolution.profile;
  if (!profile) return enforced;
  const conditions = new Map(base).set("bedrock:InferenceProfileArn", profile.arn);
  return [...profile.modelArns.map((resource) => ({ resource, conditions })), ...enforced];
}

/**
 * bedrock:ApplyGuardrail on each guardrail the account enforces on the model (with its tags): what
 * any call that runs them is also authorised on, token counts included (the service checks their
 * input too), so a caller cannot probe a guardrail it may not apply.
 */
export function enforcedGuardrailUse(input: Resolved<object>): { resource: string; conditions: ConditionMap; action: string }[] {
  return (input.enforcedGuardrails ?? []).map((g) => ({
    resource: g.arn, action: "bedrock:ApplyGuardrail",
    conditions: new Map(g.tags.map((t) => [`aws:ResourceTag/${t.key}`, t.value] as const)) as ConditionMap,
  }));
}

/**
 * As in Bedrock, inference that names a guardrail is also `bedrock:ApplyGuardrail` on that
 * guardrail (with its tags as aws:ResourceTag/*), so a caller cannot run (or probe) a guardrail
 * through Converse that it may not apply directly.
 */
export function guardrailUse(input: GuardrailNamed, ctx: RequestContext): { resource: string; action: string; conditions: ConditionMap }[] {
  const guardrail = input.guardrail;
  if (!guardrail || guardrail.identifier === "") return [];
  const conditions = new Map<string, string>();
  for (const t of input.guardrailTags ?? []) conditions.set(`aws:ResourceTag/${t.key}`, t.value);
  const use = [{ resource: usedGuardrailArn(guardrail.identifier, ctx.region, ctx.principal.accountId), action: "bedrock:ApplyGuardrail", conditions }];
  // A guardrail sealed under a customer key is opened on the caller's behalf: kms:Decrypt on it too.
  return input.guardrailKeyArn ? [...use, { resource: input.guardrailKeyArn, action: "kms:Decrypt", conditions: new Map() }] : use;
}

/** An input that may name a guardrail, with that guardrail's tags once resolved. */
export interface GuardrailNamed {
  readonly guardrail?: GuardrailSelection;
  readonly guardrailTags?: readonly ResourceTag[];
  /** The customer-managed key the named guardrail version is sealed under, when it is. */
  readonly guardrailKeyArn?: string;
}

/** The resolve step of an inference that may name a guardrail: the model, then the guardrail's tags. */
export function canonicalModelAndGuardrail<T extends { readonly modelId: string; readonly guardrail?: GuardrailSelection }>(models: ModelResolver, inference: InferenceService) {
  const model = canonicalModel<T>(models);
  return async (input: T, ctx: RequestContext): Promise<Resolved<T>> => {
    const resolved = await model(input, ctx);
    const guardrail = input.guardrail;
    if (!guardrail || guardrail.identifier === "") return resolved;
    const arn = usedGuardrailArn(guardrail.identifier, ctx.region, ctx.principal.accountId);
    const use = await inference.guardrailUse(ctx.principal.accountId, arn, guardrail.version, ctx);
    return extended(resolved, { guardrailTags: use.tags, ...(use.customerKeyArn ? { guardrailKeyArn: use.customerKeyArn } : {}) });
  };
}

/** After authorisation: a profile that cannot serve here (or names nothing) is refused before any provider is called. */
export function admitted<T extends Resolved<object>>(input: T): T {
  ModelResolver.entryOf(input.resolution);
  return input;
}

/** Where the call's data is processed: the serving provider's declared region, for the records and a response header. */
export const processingRegion = (input: Resolved<object>): string | undefined => input.resolution.entry?.model.processingRegion;

/**
 * CountTokens is authorised on foundation models only (AWS documents no other resource for it):
 * through a profile, on each model the profile routes to; through a provisioned model, on the
 * model it serves.
 */
export function countTokensResources(input: Resolved<object>): readonly string[] {
  const provisioned = input.resolution.provisioned;
  if (provisioned && provisioned.modelArn !== "") return [provisioned.modelArn];
  return input.resolution.profile && input.resolution.profile.modelArns.length > 0 ? input.resolution.profile.modelArns : [input.modelArn];
}

/**
 * The keys an inference supplies (http/bedrock/condition-keys.ts). `bedrock:GuardrailIdentifier`,
 * so an administrator can require a guardrail on every inference: the guardrail's ARN, with
 * `:<version>` when a numbered version is named (AWS's documented form). `bedrock:ServiceTier`:
 * the tier the request asks for (Converse `serviceTier.type`, InvokeModel's
 * `X-Amzn-Bedrock-Service-Tier` header), `default` when it names none, so a policy can keep
 * callers off the dearer tiers.
 */
export function guardrailConditions(guardrail: GuardrailSelection | undefined, ctx: RequestContext, serviceTier: ServiceTier = "default"): ReadonlyMap<string, string> {
  const keys = new Map<string, string>([["bedrock:ServiceTier", serviceTier]]);
  if (!guardrail || guardrail.identifier === "") return keys;
  const arn = usedGuardrailArn(guardrail.identifier, ctx.region, ctx.principal.accountId);
  keys.set("bedrock:GuardrailIdentifier", /^\d+$/.test(guardrail.version) ? `${arn}:${guardrail.version}` : arn);
  return keys;
}

/** An input whose model id is canonical; `known` false: no such model (refused as not found after authorisation). */
export type Resolved<T> = T & { readonly modelArn: string; readonly known: boolean; readonly resolution: ResolvedModel; readonly guardrailTags?: readonly ResourceTag[]; readonly guardrailKeyArn?: string; readonly enforcedGuardrails?: readonly EnforcedGuardrailRef[] };
/** Only an identifier that names a model of ours is recorded: anything else is caller text. */
export const knownModel = (input: Resolved<{ readonly modelId: string }>): string | undefined => (input.known ? input.modelId : undefined);
interface Timed<T> { readonly value: T; readonly startedAt: number; readonly requested: RequestedService }

/** The service options a response echoes (see codec/converse-encode.ts). */
const requestedOf = ({ serviceTier, latency }: InferenceConfig): RequestedService => ({
  ...(serviceTier === undefined ? {} : { serviceTier }),
  ...(latency === undefined ? {} : { latency }),
});

/** Converse, ConverseStream and CountTokens (bedrock-runtime 2023-09-30). */
export function converseOperations(inference: InferenceService, models: ModelResolver): Operation[] {
  return [
    defineOperation<ConverseCommand, Timed<ConverseResult>, Resolved<ConverseCommand>>({
      name: "Converse", method: "POST", path: "/model/{modelId}/converse", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "bedrock:InvokeModel",
      decode: ({ params, body, header }) => (requireJsonContentType(header("content-type")), decodeConverseRequest(parseJsonBody(body, {}), params["modelId"]!)),
      resolve: canonicalModelAndGuardrail(models, inference),
      resource: (cmd) => cmd.modelArn,
      conditions: (cmd, ctx) => profileConditions(cmd, guardrailConditions(cmd.guardrail, ctx, cmd.inference.serviceTier)),
      alsoAuthorize: (cmd, ctx) => [...alsoAuthorized(cmd, guardrailConditions(cmd.guardrail, ctx, cmd.inference.serviceTier)), ...guardrailUse(cmd, ctx)],
      subject: knownModel,
      auditParameters: converseAuditParameters,
      processingRegion,
      invoke: async (cmd, ctx) => {
        const startedAt = performance.now();
        return { value: await inference.converse(admitted(cmd), ctx), startedAt, requested: requestedOf(cmd.inference) };
      },
      encode: ({ value, startedAt, requested }) => ({ kind: "json", status: 200, body: encodeConverseOutput(value, performance.now() - startedAt, requested) }),
    }),
    defineOperation<ConverseCommand, Timed<AsyncIterable<StreamEvent>>, Resolved<ConverseCommand>>({
      name: "ConverseStream", method: "POST", path: "/model/{modelId}/converse-stream", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "bedrock:InvokeModelWithResponseStream",
      decode: ({ params, body, header }) => (requireJsonContentType(header("content-type")), decodeConverseStreamRequest(parseJsonBody(body, {}), params["modelId"]!)),
      resolve: canonicalModelAndGuardrail(models, inference),
      resource: (cmd) => cmd.modelArn,
      conditions: (cmd, ctx) => profileConditions(cmd, guardrailConditions(cmd.guardrail, ctx, cmd.inference.serviceTier)),
      alsoAuthorize: (cmd, ctx) => [...alsoAuthorized(cmd, guardrailConditions(cmd.guardrail, ctx, cmd.inference.serviceTier)), ...guardrailUse(cmd, ctx)],
      subject: knownModel,
      auditParameters: converseAuditParameters,
      processingRegion,
      invoke: async (cmd, ctx) => {
        const startedAt = performance.now();
        return { value: await inference.converseStream(admitted(cmd), ctx), startedAt, requested: requestedOf(cmd.inference) };
      },
      encode: ({ value, startedAt, requested }) => ({
        kind: "stream", status: 200, headers: { "content-type": EVENTSTREAM_CONTENT_TYPE },
        frames: converseFrames(value, startedAt, requested),
      }),
    }),
    defineOperation<CountTokensCommand, number, Resolved<CountTokensCommand>>({
      name: "CountTokens", method: "POST", path: "/model/{modelId}/count-tokens", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "bedrock:CountTokens",
      decode: ({ params, body, header }) => {
        requireJsonContentType(header("content-type"));
        const decoded = decodeCountTokensRequest(parseJsonBody(body, {}), params["modelId"]!);
        if (decoded.kind === "converse") return decoded.command;
        return { modelId: decoded.modelId, conversation: decodeNativeForCountTokens(decoded.body.reveal(), decoded.modelId) };
      },
      resolve: canonicalModel(models),
      resource: (cmd) => countTokensResources(cmd)[0]!,
      alsoAuthorize: (cmd) => [...countTokensResources(cmd).slice(1).map((resource) => ({ resource })), ...enforcedGuardrailUse(cmd)],
      subject: knownModel,
      processingRegion,
      invoke: (cmd, ctx) => inference.countTokens(admitted(cmd), ctx),
      encode: (inputTokens) => ({ kind: "json", status: 200, body: encodeCountTokensOutput(inputTokens) }),
    }),
  ];
}

async function* converseFrames(events: AsyncIterable<StreamEvent>, startedAt: number, requested: RequestedService): AsyncIterable<Uint8Array> {
  const writer = new EventStreamWriter();
  for await (const event of events) {
    const wire = encodeStreamEvent(event, performance.now() - startedAt, requested);
    if (wire) yield writer.event(wire.eventType, wire.payload);
  }
}
