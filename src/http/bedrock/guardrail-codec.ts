import { invalid } from "../../kernel/index.js";
import { profileArnOf } from "../../service/guardrails/index.js";
import type { GuardrailDefinition, GuardrailSummary, GuardrailView, GuardrailWritten, NewGuardrail } from "../../service/guardrails/index.js";
import { closed, need, obj, own } from "../bedrock-runtime/validate-members.js";
import type { Obj } from "../bedrock-runtime/validate-members.js";
import { str } from "../bedrock-runtime/validate-values.js";
import type { StringRule } from "../bedrock-runtime/validate-values.js";
import { POLICY_MEMBERS, decodePolicies, encodePolicies } from "./guardrail-policy-codec.js";
import { decodeTags } from "./tag-codec.js";

/**
 * Pure codec for Bedrock's guardrail control plane (bedrock 2023-04-20): CreateGuardrail (POST
 * /guardrails), GetGuardrail, UpdateGuardrail, DeleteGuardrail, CreateGuardrailVersion (GET / PUT
 * / DELETE / POST /guardrails/{guardrailIdentifier}) and ListGuardrails (GET /guardrails). The
 * policy members are in guardrail-policy-codec.ts.
 */
const NAME: StringRule = { min: 1, max: 50, pattern: /^[0-9a-zA-Z-_]+$/, patternText: "[0-9a-zA-Z-_]+" };
const DESCRIPTION: StringRule = { min: 1, max: 200 };
const TOKEN: StringRule = { min: 1, max: 256, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}$/, patternText: "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}" };
const IDENTIFIER: StringRule = {
  min: 0, max: 2048,
  pattern: /^(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+))$/,
  patternText: "(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))",
};
/** Bedrock's KmsKeyId shape: a key id, key ARN, alias name or alias ARN (resolved in the service). */
const KMS_KEY_ID: StringRule = { min: 1, max: 2048, pattern: /^[A-Za-z0-9:/_-]+$/, patternText: "[A-Za-z0-9:/_-]+" };
const VERSION: StringRule = { min: 1, max: 5, pattern: /^(([1-9][0-9]{0,7})|(DRAFT))$/, patternText: "(([1-9][0-9]{0,7})|(DRAFT))" };

/** Members of the published model plinth does not serve, refused by name rather than dropped. */
const REFUSED = {
  automatedReasoningPolicyConfig: "plinth has no automated reasoning policies",
};

export interface CreateGuardrailInput extends NewGuardrail {}

export interface GuardrailVersionQuery {
  readonly identifier: string;
  /** Absent when the query names none. */
  readonly version?: string;
}

export interface ListGuardrailsQuery {
  readonly identifier?: string;
  readonly maxResults: number;
  readonly nextToken?: string;
}

export interface CreateVersionInput {
  readonly identifier: string;
  readonly description?: string;
  readonly clientRequestToken?: string;
}

/** The `{guardrailIdentifier}` label (already percent-decoded): an id or an ARN. */
export function decodeGuardrailIdentifier(label: string, field = "guardrailIdentifier"): string {
  const id = str(label, field, IDENTIFIER);
  if (id === "") throw invalid(field, "Member must have length greater than or equal to 1");
  return id;
}

/** `crossRegionConfig` (GuardrailCrossRegionConfig): the profile's id or ARN, resolved for this region by the service. */
function crossRegion(value: unknown): string {
  const o = obj(value, "crossRegionConfig");
  closed(o, "crossRegionConfig", ["guardrailProfileIdentifier"], { shape: "GuardrailCrossRegionConfig" });
  return str(need(o, "guardrailProfileIdentifier", "crossRegionConfig"), "crossRegionConfig.guardrailProfileIdentifier", { min: 15, max: 2048 });
}

function definition(o: Obj): GuardrailDefinition {
  const description = own(o, "description");
  const kmsKeyId = own(o, "kmsKeyId");
  const profile = own(o, "crossRegionConfig");
  return {
    name: str(need(o, "name", ""), "name", NAME),
    ...(description !== undefined ? { description: str(description, "description", DESCRIPTION) } : {}),
    ...(kmsKeyId !== undefined ? { kmsKeyId: str(kmsKeyId, "kmsKeyId", KMS_KEY_ID) } : {}),
    ...(profile !== undefined ? { crossRegionProfile: crossRegion(profile) } : {}),
    policies: decodePolicies(o),
  };
}

export function decodeCreateGuardrail(body: unknown): CreateGuardrailInput {
  const o = obj(body, "");
  closed(o, "", ["name", "description", ...POLICY_MEMBERS, "crossRegionConfig", "kmsKeyId", "tags", "clientRequestToken"], { shape: "CreateGuardrailRequest", refused: REFUSED });
  const token = own(o, "clientRequestToken");
  const tags = own(o, "tags");
  return {
    ...definition(o),
    ...(token !== undefined ? { clientRequestToken: str(token, "clientRequestToken", TOKEN) } : {}),
    tags: tags === undefined ? [] : decodeTags(tags, "tags"),
  };
}

export function decodeUpdateGuardrail(body: unknown): GuardrailDefinition {
  const o = obj(body, "");
  closed(o, "", ["name", "description", ...POLICY_MEMBERS, "crossRegionConfig", "kmsKeyId"], { shape: "UpdateGuardrailRequest", refused: REFUSED });
  return definition(o);
}

export function decodeCreateVersion(label: string, body: unknown): CreateVersionInput {
  const o = obj(body, "");
  closed(o, "", ["description", "clientRequestToken"], { shape: "CreateGuardrailVersionRequest" });
  const description = own(o, "description");
  const token = own(o, "clientRequestToken");
  return {
    identifier: decodeGuardrailIdentifier(label),
    ...(description !== undefined ? { description: str(description, "description", DESCRIPTION) } : {}),
    ...(token !== undefined ? { clientRequestToken: str(token, "clientRequestToken", TOKEN) } : {}),
  };
}

function knownQuery(query: URLSearchParams, known: readonly string[]): void {
  for (const key of query.keys()) {
    if (!known.includes(key)) throw invalid(key, `unknown query parameter; expected one of ${known.join(", ")}`);
  }
}

/** GetGuardrail and DeleteGuardrail: the label and `?guardrailVersion=`. */
export function decodeVersionQuery(label: string, query: URLSearchParams): GuardrailVersionQuery {
  knownQuery(query, ["guardrailVersion"]);
  const version = query.get("guardrailVersion");
  return { identifier: decodeGuardrailIdentifier(label), ...(version !== null ? { version: str(version, "guardrailVersion", VERSION) } : {}) };
}

/** Bedrock answers up to 1000 guardrails a page, 20 when the caller names no maxResults. */
export const MAX_GUARDRAILS_PAGE = 1000;
const DEFAULT_GUARDRAILS_PAGE = 20;

export function decodeListGuardrails(query: URLSearchParams): ListGuardrailsQuery {
  knownQuery(query, ["guardrailIdentifier", "maxResults", "nextToken"]);
  const max = query.get("maxResults");
  if (max !== null && !/^[0-9]{1,4}$/.test(max)) throw invalid("maxResults", "Member must be an integer");
  const maxResults = max === null ? DEFAULT_GUARDRAILS_PAGE : Number(max);
  if (maxResults < 1 || maxResults > MAX_GUARDRAILS_PAGE) throw invalid("maxResults", `Member must have value between 1 and ${MAX_GUARDRAILS_PAGE}`);
  const identifier = query.get("guardrailIdentifier");
  const nextToken = query.get("nextToken");
  return {
    maxResults,
    ...(identifier !== null ? { identifier: decodeGuardrailIdentifier(identifier) } : {}),
    ...(nextToken !== null ? { nextToken: str(nextToken, "nextToken", { min: 1, max: 2048, pattern: /^\S*$/, patternText: "\\S*" }) } : {}),
  };
}

export const encodeCreated = (w: GuardrailWritten): Record<string, unknown> =>
  ({ guardrailId: w.id, guardrailArn: w.arn, version: w.version, createdAt: w.at.toISOString() });

export const encodeUpdated = (w: GuardrailWritten): Record<string, unknown> =>
  ({ guardrailId: w.id, guardrailArn: w.arn, version: w.version, updatedAt: w.at.toISOString() });

export const encodeVersionCreated = (w: GuardrailWritten): Record<string, unknown> => ({ guardrailId: w.id, version: w.version });

/** A ListGuardrails row (GuardrailSummary). */
export function encodeSummary(s: GuardrailSummary): Record<string, unknown> {
  return {
    id: s.id, arn: s.arn, status: s.status, name: s.name, ...(s.description !== undefined ? { description: s.description } : {}),
    version: s.version, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
  };
}

/** GetGuardrail's answer. */
export function encodeGuardrail(v: GuardrailView): Record<string, unknown> {
  return {
    name: v.name, ...(v.description !== undefined ? { description: v.description } : {}),
    guardrailId: v.id, guardrailArn: v.arn, version: v.version, status: v.status,
    ...encodePolicies(v.policies),
    ...(v.policies.crossRegionProfile !== undefined
      ? { crossRegionDetails: { guardrailProfileId: v.policies.crossRegionProfile, guardrailProfileArn: profileArnOf(v.arn, v.policies.crossRegionProfile) } }
      : {}),
    ...(v.kmsKeyArn !== undefined ? { kmsKeyArn: v.kmsKeyArn } : {}),
    createdAt: v.createdAt.toISOString(), updatedAt: v.updatedAt.toISOString(),
  };
}
