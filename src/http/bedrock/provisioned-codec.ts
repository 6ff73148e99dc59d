import { invalid } from "../../kernel/index.js";
import type { ProvisionedQuery } from "../../service/provisioned/index.js";
import type { CommitmentDuration, ProvisionedRecord, ProvisionedStatus, Tag } from "../../store/index.js";
import { closed, need, obj, own } from "../bedrock-runtime/validate-members.js";
import { num, oneOf, str } from "../bedrock-runtime/validate-values.js";
import type { StringRule } from "../bedrock-runtime/validate-values.js";
import { decodeTags } from "./tag-codec.js";

/**
 * Pure codec for Bedrock's provisioned-throughput operations (bedrock 2023-04-20):
 * CreateProvisionedModelThroughput (POST /provisioned-model-throughput, 201),
 * Get/Update/DeleteProvisionedModelThroughput (GET / PATCH / DELETE
 * /provisioned-model-throughput/{provisionedModelId}) and ListProvisionedModelThroughputs
 * (GET /provisioned-model-throughputs). Constraints as the published model writes them; messages
 * quote the constraint, never the value.
 */
const NAME_PATTERN = { pattern: /^([0-9a-zA-Z][_-]?)+$/, patternText: "([0-9a-zA-Z][_-]?)+" };
const NAME: StringRule = { min: 1, max: 63, ...NAME_PATTERN };
const TOKEN: StringRule = { min: 1, max: 256, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, patternText: "[a-zA-Z0-9](-*[a-zA-Z0-9])*" };
const MODEL_PART = "[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.]?[a-z0-9-]{1,63})([:][a-z0-9-]{1,63}){0,2}";
const MODEL_ID_TEXT = `arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:(([0-9]{12}:custom-model/[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}(([:][a-z0-9-]{1,63}){0,2})?/[a-z0-9]{12})|(:foundation-model/(${MODEL_PART})))|((${MODEL_PART}))|(([0-9a-zA-Z][_-]?)+)`;
const MODEL_ID: StringRule = { min: 1, max: 2048, pattern: new RegExp(`^(${MODEL_ID_TEXT})$`), patternText: MODEL_ID_TEXT };
const PROVISIONED_ID_TEXT = "((([0-9a-zA-Z][_-]?)+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:provisioned-model/[a-z0-9]{12}))";
const PROVISIONED_ID: StringRule = { min: 1, max: 2048, pattern: new RegExp(`^${PROVISIONED_ID_TEXT}$`), patternText: PROVISIONED_ID_TEXT };
const MODEL_ARN_TEXT = "arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:(([0-9]{12}:custom-model/[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}/[a-z0-9]{12})|(:foundation-model/[a-z0-9-]{1,63}[.]{1}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}))";
const MODEL_ARN: StringRule = { min: 20, max: 1011, pattern: new RegExp(`^(${MODEL_ARN_TEXT})$`), patternText: MODEL_ARN_TEXT };
const STATUSES: readonly ProvisionedStatus[] = ["Creating", "InService", "Updating", "Failed"];
const COMMITMENTS: readonly CommitmentDuration[] = ["OneMonth", "SixMonths"];
/** Bedrock's page size bound; a caller naming no maxResults gets them all (an account has at most a quota's worth). */
export const MAX_PROVISIONED_PAGE = 1000;
/** Model units are a count of reserved shares; past this no configured capacity could hold them. */
const MAX_MODEL_UNITS = 1_000_000;

export interface CreateProvisionedInput {
  readonly name: string;
  readonly modelId: string;
  readonly modelUnits: number;
  readonly commitmentDuration?: CommitmentDuration;
  readonly clientRequestToken?: string;
  readonly tags: readonly Tag[];
}

export interface UpdateProvisionedInput {
  readonly provisionedModelId: string;
  readonly desiredName?: string;
  readonly desiredModelId?: string;
}

export function decodeCreateProvisioned(body: unknown): CreateProvisionedInput {
  const o = obj(body, "");
  closed(o, "", ["clientRequestToken", "modelUnits", "provisionedModelName", "modelId", "commitmentDuration", "tags"], { shape: "CreateProvisionedModelThroughputRequest" });
  const token = own(o, "clientRequestToken");
  const commitment = own(o, "commitmentDuration");
  const tags = own(o, "tags");
  return {
    name: str(need(o, "provisionedModelName", ""), "provisionedModelName", NAME),
    modelId: str(need(o, "modelId", ""), "modelId", MODEL_ID),
    modelUnits: num(need(o, "modelUnits", ""), "modelUnits", 1, MAX_MODEL_UNITS, true),
    ...(commitment !== undefined ? { commitmentDuration: oneOf(commitment, "commitmentDuration", COMMITMENTS) } : {}),
    ...(token !== undefined ? { clientRequestToken: str(token, "clientRequestToken", TOKEN) } : {}),
    tags: tags === undefined ? [] : decodeTags(tags, "tags"),
  };
}

/** The `{provisionedModelId}` label (already percent-decoded): an id, a name or an ARN. */
export function decodeProvisionedId(label: string): string {
  return str(label, "provisionedModelId", PROVISIONED_ID);
}

export function decodeUpdateProvisioned(label: string, body: unknown): UpdateProvisionedInput {
  const o = obj(body, "");
  closed(o, "", ["desiredProvisionedModelName", "desiredModelId"], { shape: "UpdateProvisionedModelThroughputRequest" });
  const name = own(o, "desiredProvisionedModelName");
  const model = own(o, "desiredModelId");
  return {
    provisionedModelId: decodeProvisionedId(label),
    ...(name !== undefined ? { desiredName: str(name, "desiredProvisionedModelName", NAME) } : {}),
    ...(model !== undefined ? { desiredModelId: str(model, "desiredModelId", MODEL_ID) } : {}),
  };
}

const LIST_QUERY = new Set(["creationTimeAfter", "creationTimeBefore", "statusEquals", "modelArnEquals", "nameContains", "maxResults", "nextToken", "sortBy", "sortOrder"]);

export function decodeListProvisioned(query: URLSearchParams): ProvisionedQuery {
  for (const key of query.keys()) {
    if (!LIST_QUERY.has(key)) throw invalid(key, `unknown query parameter; expected one of ${[...LIST_QUERY].join(", ")}`);
  }
  const text = (name: string) => query.get(name) ?? undefined;
  const max = text("maxResults");
  if (max !== undefined && !/^[0-9]{1,4}$/.test(max)) throw invalid("maxResults", "Member must be an integer");
  const maxResults = max === undefined ? MAX_PROVISIONED_PAGE : Number(max);
  if (maxResults < 1 || maxResults > MAX_PROVISIONED_PAGE) throw invalid("maxResults", `Member must have value between 1 and ${MAX_PROVISIONED_PAGE}`);
  const after = time(text("creationTimeAfter"), "creationTimeAfter");
  const before = time(text("creationTimeBefore"), "creationTimeBefore");
  const status = text("statusEquals");
  const model = text("modelArnEquals");
  const name = text("nameContains");
  const token = text("nextToken");
  const sortBy = text("sortBy");
  if (sortBy !== undefined) oneOf(sortBy, "sortBy", ["CreationTime"]);
  const sortOrder = text("sortOrder");
  return {
    maxResults,
    sortOrder: sortOrder === undefined ? "Descending" : oneOf(sortOrder, "sortOrder", ["Ascending", "Descending"] as const),
    ...(after !== undefined ? { creationTimeAfter: after } : {}),
    ...(before !== undefined ? { creationTimeBefore: before } : {}),
    ...(status !== undefined ? { statusEquals: oneOf(status, "statusEquals", STATUSES) } : {}),
    ...(model !== undefined ? { modelArnEquals: str(model, "modelArnEquals", MODEL_ARN) } : {}),
    ...(name !== undefined ? { nameContains: str(name, "nameContains", NAME) } : {}),
    ...(token !== undefined ? { nextToken: str(token, "nextToken", { min: 1, max: 2048 }) } : {}),
  };
}

/** A query timestamp as the SDKs write it (ISO 8601), or epoch seconds. */
function time(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = /^[0-9]+(\.[0-9]+)?$/.test(value) ? new Date(Number(value) * 1000) : /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw invalid(field, "Member must be a timestamp (ISO 8601)");
  return date;
}

/** A throughput as Get shows it (GetProvisionedModelThroughputResponse); List's summary has the same members. */
export function encodeProvisioned(r: ProvisionedRecord, arn: string, modelArnOf: (modelId: string) => string): Record<string, unknown> {
  return {
    modelUnits: r.modelUnits,
    desiredModelUnits: r.modelUnits,
    provisionedModelName: r.name,
    provisionedModelArn: arn,
    modelArn: modelArnOf(r.modelId),
    desiredModelArn: modelArnOf(r.desiredModelId),
    foundationModelArn: modelArnOf(r.modelId),
    status: r.status,
    ...(r.failureMessage !== undefined ? { failureMessage: r.failureMessage } : {}),
    creationTime: r.createdAt.toISOString(),
    lastModifiedTime: r.updatedAt.toISOString(),
    ...(r.commitmentDuration !== undefined ? { commitmentDuration: r.commitmentDuration } : {}),
    ...(r.commitmentExpiresAt !== undefined ? { commitmentExpirationTime: r.commitmentExpiresAt.toISOString() } : {}),
  };
}
