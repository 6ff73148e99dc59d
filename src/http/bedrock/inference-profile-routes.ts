import { invalid } from "../../kernel/index.js";
import type { RequestContext } from "../../kernel/index.js";
import type { ConditionMap } from "../../service/authorize.js";
import { InferenceProfileDirectory, profileNotFound } from "../../service/inference-profiles/index.js";
import type { ApplicationProfiles, ProfilePage, ProfileTarget } from "../../service/inference-profiles/index.js";
import type { ResolvedModel } from "../../service/resources/index.js";
import type { InferenceProfileRecord, Tag } from "../../store/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import {
  decodeCreateProfile, decodeListProfiles, decodeListTags, decodeProfileIdentifier, decodeTagResource, decodeUntagResource, encodeProfile, encodeTags,
} from "./inference-profile-codec.js";
import type { CreateProfileInput, ListProfilesQuery, TagResourceInput, UntagResourceInput } from "./inference-profile-codec.js";

export interface InferenceProfileDeps {
  readonly directory: InferenceProfileDirectory;
  readonly applications: ApplicationProfiles;
}

const bedrock = { signingService: "bedrock", authSchemes: SIGV4_OR_BEARER } as const;

/** `aws:ResourceTag/*` of a profile that exists (an application profile's tags). */
function resourceTags(tags: readonly Tag[], more: ConditionMap = new Map()): ConditionMap {
  const keys = new Map(more);
  for (const t of tags) keys.set(`aws:ResourceTag/${t.key}`, t.value);
  return keys;
}

/** `aws:RequestTag/*` and `aws:TagKeys` of a request that sets tags. */
function requestTags(tags: readonly Tag[]): Map<string, string | readonly string[]> {
  const keys = new Map<string, string | readonly string[]>();
  for (const t of tags) keys.set(`aws:RequestTag/${t.key}`, t.value);
  if (tags.length > 0) keys.set("aws:TagKeys", tags.map((t) => t.key));
  return keys;
}

interface CreateResolved {
  readonly input: CreateProfileInput;
  readonly profileId: string;
  readonly arn: string;
  readonly source: ResolvedModel;
  /** The profile an earlier request with the same client request token made. */
  readonly existing?: InferenceProfileRecord;
}

/** Inference profiles on the control plane (signing name `bedrock`), each authorised on the profile's ARN. */
export function inferenceProfileOperations({ directory, applications }: InferenceProfileDeps): Operation[] {
  const target = (identifier: string, ctx: RequestContext) => directory.target(identifier, ctx.principal.accountId);
  return [
    defineOperation<ListProfilesQuery, ProfilePage>({
      name: "ListInferenceProfiles", method: "GET", path: "/inference-profiles", ...bedrock,
      action: "bedrock:ListInferenceProfiles",
      decode: ({ query }) => decodeListProfiles(query),
      resource: () => "*",
      invoke: (q, ctx) => directory.list(ctx.principal.accountId, q.type, q.maxResults, q.nextToken),
      encode: (page) => ({
        kind: "json", status: 200,
        body: { inferenceProfileSummaries: page.profiles.map(encodeProfile), ...(page.nextToken ? { nextToken: page.nextToken } : {}) },
      }),
    }),
    defineOperation<string, ReturnType<typeof encodeProfile>, ProfileTarget>({
      name: "GetInferenceProfile", method: "GET", path: "/inference-profiles/{inferenceProfileIdentifier}", ...bedrock,
      action: "bedrock:GetInferenceProfile",
      decode: ({ params }) => decodeProfileIdentifier(params["inferenceProfileIdentifier"]!),
      resolve: target,
      resource: (t) => t.arn,
      conditions: (t) => resourceTags(t.tags),
      invoke: async (t, ctx) => encodeProfile(await directory.view(t, ctx.principal.accountId)),
      encode: (body) => ({ kind: "json", status: 200, body }),
    }),
    defineOperation<CreateProfileInput, InferenceProfileRecord, CreateResolved>({
      name: "CreateInferenceProfile", method: "POST", path: "/inference-profiles", ...bedrock,
      action: "bedrock:CreateInferenceProfile",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeCreateProfile(parseJsonBody(body, {}))),
      // The new profile's id is chosen here, so the request is authorised on the ARN it will have.
      resolve: async (input, ctx) => {
        const accountId = ctx.principal.accountId;
        const existing = await applications.byToken(accountId, input.clientRequestToken);
        const profileId = existing?.profileId ?? applications.newId();
        const source = await directory.source(input.copyFrom, accountId);
        return { input, profileId, arn: applications.arn(accountId, profileId), source, ...(existing ? { existing } : {}) };
      },
      resource: (r) => r.arn,
      conditions: (r) => requestTags(r.input.tags),
      // And on what it copies from: the foundation model or system-defined profile.
      alsoAuthorize: (r) => [{ resource: r.source.arn, conditions: requestTags(r.input.tags) }],
      invoke: async (r, ctx) => {
        if (r.existing) return r.existing;
        InferenceProfileDirectory.requireServable(r.source);
        return applications.create({
          accountId: ctx.principal.accountId, profileId: r.profileId, name: r.input.name, sourceArn: r.source.arn, tags: r.input.tags,
          ...(r.input.description !== undefined ? { description: r.input.description } : {}),
          ...(r.input.clientRequestToken !== undefined ? { clientRequestToken: r.input.clientRequestToken } : {}),
        });
      },
      encode: (record) => ({
        kind: "json", status: 201,
        body: { inferenceProfileArn: applications.arn(record.accountId, record.profileId), status: "ACTIVE" },
      }),
    }),
    defineOperation<string, void, ProfileTarget>({
      name: "DeleteInferenceProfile", method: "DELETE", path: "/inference-profiles/{inferenceProfileIdentifier}", ...bedrock,
      action: "bedrock:DeleteInferenceProfile",
      decode: ({ params }) => decodeProfileIdentifier(params["inferenceProfileIdentifier"]!),
      resolve: target,
      resource: (t) => t.arn,
      conditions: (t) => resourceTags(t.tags),
      invoke: async (t, ctx) => {
        if (t.type === "SYSTEM_DEFINED") throw invalid("inferenceProfileIdentifier", "only application inference profiles can be deleted");
        await applications.delete(ctx.principal.accountId, t.id);
      },
      encode: () => ({ kind: "json", status: 200, body: {} }),
    }),
    defineOperation<TagResourceInput, void, { readonly input: TagResourceInput; readonly target: ProfileTarget }>({
      name: "TagResource", method: "POST", path: "/tagResource", ...bedrock,
      action: "bedrock:TagResource",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeTagResource(parseJsonBody(body, {}))),
      resolve: async (input, ctx) => ({ input, target: await directory.taggable(input.resourceArn, ctx.principal.accountId) }),
      resource: (r) => r.target.arn,
      conditions: (r) => resourceTags(r.target.tags, requestTags(r.input.tags)),
      invoke: (r, ctx) => applications.tag(ctx.principal.accountId, r.target.id, r.input.tags),
      encode: () => ({ kind: "json", status: 200, body: {} }),
    }),
    defineOperation<UntagResourceInput, void, { readonly input: UntagResourceInput; readonly target: ProfileTarget }>({
      name: "UntagResource", method: "POST", path: "/untagResource", ...bedrock,
      action: "bedrock:UntagResource",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeUntagResource(parseJsonBody(body, {}))),
      resolve: async (input, ctx) => ({ input, target: await directory.taggable(input.resourceArn, ctx.principal.accountId) }),
      resource: (r) => r.target.arn,
      conditions: (r) => resourceTags(r.target.tags, r.input.tagKeys.length > 0 ? new Map([["aws:TagKeys", r.input.tagKeys]]) : new Map()),
      invoke: (r, ctx) => applications.untag(ctx.principal.accountId, r.target.id, r.input.tagKeys),
      encode: () => ({ kind: "json", status: 200, body: {} }),
    }),
    defineOperation<string, readonly Tag[], ProfileTarget>({
      name: "ListTagsForResource", method: "POST", path: "/listTagsForResource", ...bedrock,
      action: "bedrock:ListTagsForResource",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeListTags(parseJsonBody(body, {}))),
      resolve: (arn, ctx) => directory.taggable(arn, ctx.principal.accountId),
      resource: (t) => t.arn,
      conditions: (t) => resourceTags(t.tags),
      invoke: async (t) => {
        if (!t.record) throw profileNotFound();
        return t.record.tags;
      },
      encode: (tags) => ({ kind: "json", status: 200, body: encodeTags(tags) }),
    }),
  ];
}

/** The names DECLARED_OPERATIONS adds for the `bedrock` signing service. */
export const INFERENCE_PROFILE_OPERATION_NAMES = [
  "ListInferenceProfiles", "GetInferenceProfile", "CreateInferenceProfile", "DeleteInferenceProfile", "TagResource", "UntagResource", "ListTagsForResource",
] as const;
