import { invalid } from "../../kernel/index.js";
import type { RequestContext } from "../../kernel/index.js";
import { InferenceProfileDirectory, profileNotFound } from "../../service/inference-profiles/index.js";
import type { ApplicationProfiles, ProfilePage, ProfileTarget } from "../../service/inference-profiles/index.js";
import type { ResolvedModel } from "../../service/resources/index.js";
import type { InferenceProfileRecord } from "../../store/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { decodeCreateProfile, decodeListProfiles, decodeProfileIdentifier, encodeProfile } from "./inference-profile-codec.js";
import type { CreateProfileInput, ListProfilesQuery } from "./inference-profile-codec.js";
import { requestTags, resourceTags } from "./tag-routes.js";
import { resourceLabels } from "./labels.js";
import type { TaggableResources } from "./tag-routes.js";

export interface InferenceProfileDeps {
  readonly directory: InferenceProfileDirectory;
  readonly applications: ApplicationProfiles;
}

const bedrock = { signingService: "bedrock", authSchemes: SIGV4_OR_BEARER } as const;

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
      labels: (r) => resourceLabels({ inferenceProfileName: r.input.name, description: r.input.description }, r.input.tags),
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
  ];
}

/** The names DECLARED_OPERATIONS adds for the `bedrock` signing service. */
export const INFERENCE_PROFILE_OPERATION_NAMES = [
  "ListInferenceProfiles", "GetInferenceProfile", "CreateInferenceProfile", "DeleteInferenceProfile",
] as const;

/** Application inference profiles for the shared tag operations (tag-routes.ts); system profiles take no tags. */
export function inferenceProfileTaggable({ directory, applications }: InferenceProfileDeps): TaggableResources {
  return {
    resourceTypes: ["application-inference-profile"],
    target: async (arn, accountId) => {
      const t = await directory.taggable(arn, accountId);
      return { arn: t.arn, id: t.id, exists: t.record !== undefined, tags: t.tags };
    },
    tag: (accountId, id, tags) => applications.tag(accountId, id, tags),
    untag: (accountId, id, keys) => applications.untag(accountId, id, keys),
    notFound: profileNotFound,
  };
}
