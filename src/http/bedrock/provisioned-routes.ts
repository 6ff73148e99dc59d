import { foundationModelArn } from "../../kernel/index.js";
import type { RequestContext } from "../../kernel/index.js";
import { ProvisionedThroughputs, listPage, provisionedNotFound } from "../../service/provisioned/index.js";
import type { ProvisionedPage, ProvisionedQuery } from "../../service/provisioned/index.js";
import { ModelResolver, idInOwnArn } from "../../service/resources/index.js";
import type { ResolvedModel } from "../../service/resources/index.js";
import type { ProvisionedRecord, Tag } from "../../store/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { resourceLabels } from "./labels.js";
import { decodeCreateProvisioned, decodeListProvisioned, decodeProvisionedId, decodeUpdateProvisioned, encodeProvisioned } from "./provisioned-codec.js";
import type { CreateProvisionedInput, UpdateProvisionedInput } from "./provisioned-codec.js";
import { requestTags, resourceTags } from "./tag-routes.js";
import type { TaggableResources } from "./tag-routes.js";

export interface ProvisionedDeps {
  readonly throughputs: ProvisionedThroughputs;
  readonly models: ModelResolver;
  readonly region: string;
}

const bedrock = { signingService: "bedrock", authSchemes: SIGV4_OR_BEARER } as const;

/** A provisioned model the caller named (id, name or ARN), canonical: its ARN, and its record when it exists. */
interface Target {
  readonly arn: string;
  readonly record?: ProvisionedRecord;
  readonly tags: readonly Tag[];
}

interface CreateResolved {
  readonly input: CreateProvisionedInput;
  readonly provisionedId: string;
  readonly model: ResolvedModel;
  readonly existing?: ProvisionedRecord;
}

interface UpdateResolved {
  readonly input: UpdateProvisionedInput;
  readonly target: Target;
  readonly desired?: ResolvedModel;
}

/**
 * Provisioned throughput on the control plane. Get, Update and Delete are authorised on the
 * provisioned model's ARN (with its tags); Create, whose resource types AWS documents as the
 * foundation (or custom) model, on the model it reserves units of, with the request's tags;
 * Update also on the model it moves to.
 */
export function provisionedOperations({ throughputs, models, region }: ProvisionedDeps): Operation[] {
  const modelArnOf = (modelId: string) => foundationModelArn(region, modelId);
  const target = async (identifier: string, ctx: RequestContext): Promise<Target> => {
    const accountId = ctx.principal.accountId;
    let record: ProvisionedRecord | undefined;
    let id = identifier;
    if (identifier.startsWith("arn:")) {
      id = idInOwnArn(identifier, { region, account: accountId }, { service: "bedrock", resourceType: "provisioned-model", field: "provisionedModelId" });
      record = await throughputs.get(accountId, id);
    } else {
      // The published model takes an id or a name here.
      record = await throughputs.get(accountId, identifier) ?? (await throughputs.list(accountId)).find((r) => r.name === identifier);
      if (record) id = record.provisionedId;
    }
    return { arn: throughputs.arn(accountId, id), tags: record?.tags ?? [], ...(record ? { record } : {}) };
  };
  const present = (t: Target): ProvisionedRecord => {
    if (!t.record) throw provisionedNotFound();
    return t.record;
  };
  return [
    defineOperation<CreateProvisionedInput, ProvisionedRecord, CreateResolved>({
      name: "CreateProvisionedModelThroughput", method: "POST", path: "/provisioned-model-throughput", ...bedrock,
      action: "bedrock:CreateProvisionedModelThroughput",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeCreateProvisioned(parseJsonBody(body, {}))),
      resolve: async (input, ctx) => {
        const existing = await throughputs.byToken(ctx.principal.accountId, input.clientRequestToken);
        const provisionedId = existing?.provisionedId ?? throughputs.newId();
        return { input, provisionedId, model: models.resolve(input.modelId, "modelId"), ...(existing ? { existing } : {}) };
      },
      resource: (r) => r.model.arn,
      conditions: (r) => requestTags(r.input.tags),
      labels: (r) => resourceLabels({ provisionedModelName: r.input.name }, r.input.tags),
      invoke: async (r, ctx) => {
        if (r.existing) return r.existing;
        ModelResolver.entryOf(r.model, "modelId");
        return throughputs.create({
          accountId: ctx.principal.accountId, provisionedId: r.provisionedId, name: r.input.name, modelId: r.model.modelId,
          modelUnits: r.input.modelUnits, tags: r.input.tags,
          ...(r.input.commitmentDuration !== undefined ? { commitmentDuration: r.input.commitmentDuration } : {}),
          ...(r.input.clientRequestToken !== undefined ? { clientRequestToken: r.input.clientRequestToken } : {}),
        });
      },
      encode: (record) => ({ kind: "json", status: 201, body: { provisionedModelArn: throughputs.arn(record.accountId, record.provisionedId) } }),
    }),
    defineOperation<string, ProvisionedRecord, Target>({
      name: "GetProvisionedModelThroughput", method: "GET", path: "/provisioned-model-throughput/{provisionedModelId}", ...bedrock,
      action: "bedrock:GetProvisionedModelThroughput",
      decode: ({ params }) => decodeProvisionedId(params["provisionedModelId"]!),
      resolve: target,
      resource: (t) => t.arn,
      conditions: (t) => resourceTags(t.tags),
      invoke: async (t) => present(t),
      encode: (r) => ({ kind: "json", status: 200, body: encodeProvisioned(r, throughputs.arn(r.accountId, r.provisionedId), modelArnOf) }),
    }),
    defineOperation<ProvisionedQuery, ProvisionedPage>({
      name: "ListProvisionedModelThroughputs", method: "GET", path: "/provisioned-model-throughputs", ...bedrock,
      action: "bedrock:ListProvisionedModelThroughputs",
      decode: ({ query }) => decodeListProvisioned(query),
      resource: () => "*",
      invoke: async (q, ctx) => listPage(await throughputs.list(ctx.principal.accountId), q, modelArnOf),
      encode: (page) => ({
        kind: "json", status: 200,
        body: {
          provisionedModelSummaries: page.records.map((r) => encodeProvisioned(r, throughputs.arn(r.accountId, r.provisionedId), modelArnOf)),
          ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}),
        },
      }),
    }),
    defineOperation<UpdateProvisionedInput, void, UpdateResolved>({
      name: "UpdateProvisionedModelThroughput", method: "PATCH", path: "/provisioned-model-throughput/{provisionedModelId}", ...bedrock,
      action: "bedrock:UpdateProvisionedModelThroughput",
      decode: ({ params, body, header }) => (requireJsonContentType(header("content-type")), decodeUpdateProvisioned(params["provisionedModelId"]!, parseJsonBody(body, {}))),
      resolve: async (input, ctx) => ({
        input, target: await target(input.provisionedModelId, ctx),
        ...(input.desiredModelId !== undefined ? { desired: models.resolve(input.desiredModelId, "desiredModelId") } : {}),
      }),
      resource: (r) => r.target.arn,
      conditions: (r) => resourceTags(r.target.tags),
      labels: (r) => resourceLabels({ desiredProvisionedModelName: r.input.desiredName }),
      // And on the model it would serve, as Bedrock documents the foundation model as this action's resource too.
      alsoAuthorize: (r) => (r.desired ? [{ resource: r.desired.arn }] : []),
      invoke: async (r, ctx) => {
        const record = present(r.target);
        if (r.desired) ModelResolver.entryOf(r.desired, "desiredModelId");
        await throughputs.update(ctx.principal.accountId, record.provisionedId, {
          ...(r.input.desiredName !== undefined ? { name: r.input.desiredName } : {}),
          ...(r.desired ? { modelId: r.desired.modelId } : {}),
        });
      },
      encode: () => ({ kind: "json", status: 200, body: {} }),
    }),
    defineOperation<string, void, Target>({
      name: "DeleteProvisionedModelThroughput", method: "DELETE", path: "/provisioned-model-throughput/{provisionedModelId}", ...bedrock,
      action: "bedrock:DeleteProvisionedModelThroughput",
      decode: ({ params }) => decodeProvisionedId(params["provisionedModelId"]!),
      resolve: target,
      resource: (t) => t.arn,
      conditions: (t) => resourceTags(t.tags),
      invoke: async (t, ctx) => { await throughputs.delete(ctx.principal.accountId, present(t).provisionedId); },
      encode: () => ({ kind: "json", status: 200, body: {} }),
    }),
  ];
}

/** The names DECLARED_OPERATIONS adds for the `bedrock` signing service. */
export const PROVISIONED_OPERATION_NAMES = [
  "CreateProvisionedModelThroughput", "GetProvisionedModelThroughput", "ListProvisionedModelThroughputs",
  "UpdateProvisionedModelThroughput", "DeleteProvisionedModelThroughput",
] as const;

/** Provisioned models for the shared tag operations (tag-routes.ts). */
export function provisionedTaggable({ throughputs, region }: ProvisionedDeps): TaggableResources {
  return {
    resourceTypes: ["provisioned-model"],
    target: async (arn, accountId) => {
      const id = idInOwnArn(arn, { region, account: accountId }, { service: "bedrock", resourceType: "provisioned-model", field: "resourceARN" });
      const record = await throughputs.get(accountId, id);
      return { arn: throughputs.arn(accountId, id), id, exists: record !== undefined, tags: record?.tags ?? [] };
    },
    tag: (accountId, id, tags) => throughputs.tag(accountId, id, tags),
    untag: (accountId, id, keys) => throughputs.untag(accountId, id, keys),
    notFound: provisionedNotFound,
  };
}
