import type { SealingKey } from "../../crypto/index.js";
import type { AuditFields, RequestContext } from "../../kernel/index.js";
import { guardrailNotFound } from "../../service/guardrails/index.js";
import type { GuardrailControl, GuardrailDefinition, GuardrailPage, GuardrailProfile, GuardrailTarget, GuardrailView, GuardrailWritten } from "../../service/guardrails/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { DecodeInput, Operation } from "../operation.js";
import {
  decodeCreateGuardrail, decodeCreateVersion, decodeListGuardrails, decodeUpdateGuardrail, decodeVersionQuery,
  encodeCreated, encodeGuardrail, encodeSummary, encodeUpdated, encodeVersionCreated,
} from "./guardrail-codec.js";
import type { CreateGuardrailInput, CreateVersionInput, GuardrailVersionQuery, ListGuardrailsQuery } from "./guardrail-codec.js";
import { resourceLabels } from "./labels.js";
import { requestTags, resourceTags } from "./tag-routes.js";
import type { TaggableResources } from "./tag-routes.js";

const bedrock = { signingService: "bedrock", authSchemes: SIGV4_OR_BEARER } as const;

const jsonBody = ({ body, header }: DecodeInput): unknown => (requireJsonContentType(header("content-type")), parseJsonBody(body, {}));

/**
 * What the audit trail records of a guardrail call: the canonical ARN, the version and the name,
 * never the configuration (words, topic definitions, regexes, blocked messages are the owner's,
 * and a trail readable by auditors is no place for them).
 */
function audited(arn: string, version?: string, name?: string): AuditFields {
  return { guardrailIdentifier: arn, ...(version !== undefined ? { guardrailVersion: version } : {}), ...(name !== undefined ? { name } : {}) };
}

interface CreateResolved {
  /** The input with its guardrail profile (if any) resolved into the policies stored. */
  readonly input: CreateGuardrailInput;
  /** The kmsKeyId resolved once to its key ARN. */
  readonly key?: SealingKey;
  /** The crossRegionConfig profile resolved once; the action is authorised on its ARN too. */
  readonly profile?: GuardrailProfile;
  readonly id: string;
  readonly arn: string;
  /** The guardrail an earlier request with the same client request token made. */
  readonly existing?: GuardrailWritten;
}

interface Targeted<I> {
  readonly input: I;
  readonly target: GuardrailTarget;
}

/**
 * Sealing under a customer key uses it on the caller's behalf, so the caller must be allowed to
 * (kms:GenerateDataKey to seal, kms:Decrypt to read back) under the key policy and its IAM
 * policies, as Bedrock requires of whoever names a kmsKeyId.
 */
function keyUse(key: SealingKey | undefined): { resource: string; action: string }[] {
  return key ? [{ resource: key.arn, action: "kms:GenerateDataKey" }, { resource: key.arn, action: "kms:Decrypt" }] : [];
}

/**
 * A guardrail profile is a resource of CreateGuardrail and UpdateGuardrail in AWS's service
 * authorisation reference: naming one needs the action allowed on its ARN as well.
 */
function profileUse(profile: GuardrailProfile | undefined, action: string): { resource: string; action: string }[] {
  return profile ? [{ resource: profile.arn, action }] : [];
}

/** The definition with its profile, resolved, stored as the policies' `crossRegionProfile` (and none when it names none). */
function withProfile<D extends GuardrailDefinition>(input: D, profile: GuardrailProfile | undefined): D {
  const { crossRegionProfile: _named, ...policies } = input.policies;
  return { ...input, policies: { ...policies, ...(profile ? { crossRegionProfile: profile.id } : {}) } };
}

interface ListResolved {
  readonly query: ListGuardrailsQuery;
  readonly target?: GuardrailTarget;
}

/** The guardrail control plane (signing name `bedrock`), each operation authorised on the guardrail's ARN. */
export function guardrailOperations(control: GuardrailControl): Operation[] {
  const targeted = async <I extends { readonly identifier: string }>(input: I, ctx: RequestContext): Promise<Targeted<I>> =>
    ({ input, target: await control.target(input.identifier, ctx.principal.accountId) });
  return [
    defineOperation<CreateGuardrailInput, GuardrailWritten, CreateResolved>({
      name: "CreateGuardrail", method: "POST", path: "/guardrails", ...bedrock,
      action: "bedrock:CreateGuardrail",
      decode: (d) => decodeCreateGuardrail(jsonBody(d)),
      // The new guardrail's id is chosen here, so the request is authorised on the ARN it will have.
      resolve: async (input, ctx) => {
        const accountId = ctx.principal.accountId;
        const made = await control.byToken(accountId, input.clientRequestToken);
        const id = made?.guardrailId ?? control.newId();
        const arn = control.arn(accountId, id);
        const key = await control.key(accountId, input);
        const profile = control.profile(accountId, input);
        return {
          input: withProfile(input, profile), id, arn, ...(key ? { key } : {}), ...(profile ? { profile } : {}),
          ...(made ? { existing: { id, arn, version: "DRAFT", at: made.createdAt } } : {}),
        };
      },
      resource: (r) => r.arn,
      conditions: (r) => requestTags(r.input.tags),
      alsoAuthorize: (r) => [...keyUse(r.key), ...profileUse(r.profile, "bedrock:CreateGuardrail")],
      labels: (r) => resourceLabels({ name: r.input.name, description: r.input.description }, r.input.tags),
      auditParameters: (r) => audited(r.arn, undefined, r.input.name),
      invoke: async (r, ctx) => r.existing ?? control.create(ctx.principal.accountId, r.id, r.input, r.key),
      encode: (w) => ({ kind: "json", status: 202, body: encodeCreated(w) }),
    }),
    defineOperation<GuardrailVersionQuery, GuardrailView, Targeted<GuardrailVersionQuery> & { readonly key?: SealingKey }>({
      name: "GetGuardrail", method: "GET", path: "/guardrails/{guardrailIdentifier}", ...bedrock,
      action: "bedrock:GetGuardrail",
      decode: ({ params, query }) => decodeVersionQuery(params["guardrailIdentifier"]!, query),
      resolve: async (input, ctx) => {
        const t = await targeted(input, ctx);
        const key = await control.customerKey(t.target, input.version ?? "DRAFT");
        return { ...t, ...(key ? { key } : {}) };
      },
      resource: (r) => r.target.arn,
      conditions: (r) => resourceTags(r.target.tags),
      alsoAuthorize: (r) => (r.key ? [{ resource: r.key.arn, action: "kms:Decrypt" }] : []),
      auditParameters: (r) => audited(r.target.arn, r.input.version ?? "DRAFT"),
      invoke: (r) => control.view(r.target, r.input.version ?? "DRAFT"),
      encode: (v) => ({ kind: "json", status: 200, body: encodeGuardrail(v) }),
    }),
    defineOperation<ListGuardrailsQuery, GuardrailPage, ListResolved>({
      name: "ListGuardrails", method: "GET", path: "/guardrails", ...bedrock,
      action: "bedrock:ListGuardrails",
      decode: ({ query }) => decodeListGuardrails(query),
      resolve: async (query, ctx) => (query.identifier === undefined ? { query } : { query, target: await control.target(query.identifier, ctx.principal.accountId) }),
      // Naming a guardrail lists its versions: authorised on that guardrail, as Bedrock does.
      resource: (r) => r.target?.arn ?? "*",
      conditions: (r) => (r.target ? resourceTags(r.target.tags) : undefined),
      auditParameters: (r) => (r.target ? audited(r.target.arn) : {}),
      invoke: (r, ctx) => control.list(ctx.principal.accountId, r.target, r.query.maxResults, r.query.nextToken),
      encode: (page) => ({
        kind: "json", status: 200,
        body: { guardrails: page.guardrails.map(encodeSummary), ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}) },
      }),
    }),
    defineOperation<GuardrailDefinition & { readonly identifier: string }, GuardrailWritten, Targeted<GuardrailDefinition & { readonly identifier: string }> & { readonly key?: SealingKey; readonly profile?: GuardrailProfile }>({
      name: "UpdateGuardrail", method: "PUT", path: "/guardrails/{guardrailIdentifier}", ...bedrock,
      action: "bedrock:UpdateGuardrail",
      decode: (d) => {
        const identifier = decodeVersionQuery(d.params["guardrailIdentifier"]!, new URLSearchParams()).identifier;
        return { identifier, ...decodeUpdateGuardrail(jsonBody(d)) };
      },
      resolve: async (input, ctx) => {
        const key = await control.key(ctx.principal.accountId, input);
        const profile = control.profile(ctx.principal.accountId, input);
        return { ...(await targeted(withProfile(input, profile), ctx)), ...(key ? { key } : {}), ...(profile ? { profile } : {}) };
      },
      resource: (r) => r.target.arn,
      conditions: (r) => resourceTags(r.target.tags),
      alsoAuthorize: (r) => [...keyUse(r.key), ...profileUse(r.profile, "bedrock:UpdateGuardrail")],
      labels: (r) => resourceLabels({ name: r.input.name, description: r.input.description }),
      auditParameters: (r) => audited(r.target.arn, "DRAFT", r.input.name),
      invoke: (r) => control.update(r.target, r.input, r.key),
      encode: (w) => ({ kind: "json", status: 202, body: encodeUpdated(w) }),
    }),
    defineOperation<GuardrailVersionQuery, void, Targeted<GuardrailVersionQuery>>({
      name: "DeleteGuardrail", method: "DELETE", path: "/guardrails/{guardrailIdentifier}", ...bedrock,
      action: "bedrock:DeleteGuardrail",
      decode: ({ params, query }) => decodeVersionQuery(params["guardrailIdentifier"]!, query),
      resolve: targeted,
      resource: (r) => r.target.arn,
      conditions: (r) => resourceTags(r.target.tags),
      auditParameters: (r) => audited(r.target.arn, r.input.version),
      invoke: (r) => control.delete(r.target, r.input.version),
      encode: () => ({ kind: "json", status: 202, body: {} }),
    }),
    defineOperation<CreateVersionInput, GuardrailWritten, Targeted<CreateVersionInput> & { readonly key?: SealingKey }>({
      name: "CreateGuardrailVersion", method: "POST", path: "/guardrails/{guardrailIdentifier}", ...bedrock,
      action: "bedrock:CreateGuardrailVersion",
      decode: (d) => decodeCreateVersion(d.params["guardrailIdentifier"]!, jsonBody(d)),
      // The version is re-sealed under the DRAFT's key: read back and sealed anew on the caller's behalf.
      resolve: async (input, ctx) => {
        const t = await targeted(input, ctx);
        const key = await control.customerKey(t.target, "DRAFT");
        return { ...t, ...(key ? { key } : {}) };
      },
      labels: (r) => resourceLabels({ description: r.input.description }),
      resource: (r) => r.target.arn,
      conditions: (r) => resourceTags(r.target.tags),
      alsoAuthorize: (r) => keyUse(r.key),
      auditParameters: (r) => audited(r.target.arn),
      invoke: async (r, ctx) => {
        const written = await control.createVersion(r.target, r.input.description);
        ctx.notes.responseElements = { guardrailArn: written.arn, version: written.version };
        return written;
      },
      encode: (w) => ({ kind: "json", status: 202, body: encodeVersionCreated(w) }),
    }),
  ];
}

/** Guardrails for the shared tag operations (tag-routes.ts). */
export function guardrailTaggable(control: GuardrailControl): TaggableResources {
  return {
    resourceTypes: ["guardrail"],
    target: async (arn, accountId) => {
      const t = await control.target(arn, accountId);
      return { arn: t.arn, id: t.id, exists: t.record !== undefined, tags: t.tags };
    },
    tag: (accountId, id, tags) => control.tag(accountId, id, tags),
    untag: (accountId, id, keys) => control.untag(accountId, id, keys),
    notFound: guardrailNotFound,
  };
}

/** The names DECLARED_OPERATIONS adds for the `bedrock` signing service. */
export const GUARDRAIL_OPERATION_NAMES = [
  "CreateGuardrail", "GetGuardrail", "ListGuardrails", "UpdateGuardrail", "DeleteGuardrail", "CreateGuardrailVersion",
] as const;
