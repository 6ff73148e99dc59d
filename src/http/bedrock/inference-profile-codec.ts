import { invalid } from "../../kernel/index.js";
import type { InferenceProfileView, ProfileType } from "../../service/inference-profiles/index.js";
import type { Tag } from "../../store/index.js";
import { closed, need, obj, own } from "../bedrock-runtime/validate-members.js";
import { decodeTags } from "./tag-codec.js";
import { str } from "../bedrock-runtime/validate-values.js";
import type { StringRule } from "../bedrock-runtime/validate-values.js";

/**
 * Pure codec for Bedrock's inference-profile operations (bedrock 2023-04-20): ListInferenceProfiles
 * (GET /inference-profiles), Get/DeleteInferenceProfile (GET / DELETE
 * /inference-profiles/{inferenceProfileIdentifier}) and CreateInferenceProfile (POST, 201); the tag
 * operations are in tag-codec.ts. Constraints as the
 * published model writes them; messages quote the constraint, never the value.
 */
const NAME_PATTERN = { pattern: /^([0-9a-zA-Z:.][ _-]?)+$/, patternText: "([0-9a-zA-Z:.][ _-]?)+" };
const NAME: StringRule = { min: 1, max: 64, ...NAME_PATTERN };
const DESCRIPTION: StringRule = { min: 1, max: 200, ...NAME_PATTERN };
const TOKEN: StringRule = { min: 1, max: 256, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}$/, patternText: "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}" };
const COPY_FROM: StringRule = {
  min: 1, max: 2048,
  pattern: /^arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|foundation-model)\/[a-zA-Z0-9-:.]+$/,
  patternText: "arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|foundation-model)/[a-zA-Z0-9-:.]+",
};
const IDENTIFIER: StringRule = {
  min: 1, max: 2048,
  pattern: /^(arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)\/)?[a-zA-Z0-9-:.]+$/,
  patternText: "(arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/)?[a-zA-Z0-9-:.]+",
};

export interface ListProfilesQuery {
  readonly maxResults: number;
  readonly nextToken?: string;
  readonly type?: ProfileType;
}

export interface CreateProfileInput {
  readonly name: string;
  readonly description?: string;
  readonly copyFrom: string;
  readonly clientRequestToken?: string;
  readonly tags: readonly Tag[];
}

const LIST_QUERY = new Set(["maxResults", "nextToken", "type"]);
/** Bedrock answers up to 1000 profiles a page; a caller naming no maxResults gets them all in one. */
export const MAX_PROFILES_PAGE = 1000;

export function decodeListProfiles(query: URLSearchParams): ListProfilesQuery {
  for (const key of query.keys()) {
    if (!LIST_QUERY.has(key)) throw invalid(key, `unknown query parameter; expected one of ${[...LIST_QUERY].join(", ")}`);
  }
  const max = query.get("maxResults");
  if (max !== null && !/^[0-9]{1,4}$/.test(max)) throw invalid("maxResults", "Member must be an integer");
  const maxResults = max === null ? MAX_PROFILES_PAGE : Number(max);
  if (maxResults < 1 || maxResults > MAX_PROFILES_PAGE) throw invalid("maxResults", `Member must have value between 1 and ${MAX_PROFILES_PAGE}`);
  const nextToken = query.get("nextToken");
  const type = query.get("type");
  if (type !== null && type !== "SYSTEM_DEFINED" && type !== "APPLICATION") throw invalid("typeEquals", "Member must satisfy enum value set: [SYSTEM_DEFINED, APPLICATION]");
  return {
    maxResults,
    ...(nextToken !== null ? { nextToken: str(nextToken, "nextToken", { min: 1, max: 2048 }) } : {}),
    ...(type !== null ? { type } : {}),
  };
}

/** The `{inferenceProfileIdentifier}` label (already percent-decoded): an id or an ARN. */
export function decodeProfileIdentifier(label: string): string {
  return str(label, "inferenceProfileIdentifier", IDENTIFIER);
}

export function decodeCreateProfile(body: unknown): CreateProfileInput {
  const o = obj(body, "");
  closed(o, "", ["inferenceProfileName", "description", "clientRequestToken", "modelSource", "tags"], { shape: "CreateInferenceProfileRequest" });
  const source = obj(need(o, "modelSource", ""), "modelSource");
  closed(source, "modelSource", ["copyFrom"], { shape: "InferenceProfileModelSource" });
  const description = own(o, "description");
  const token = own(o, "clientRequestToken");
  const tags = own(o, "tags");
  return {
    name: str(need(o, "inferenceProfileName", ""), "inferenceProfileName", NAME),
    ...(description !== undefined ? { description: str(description, "description", DESCRIPTION) } : {}),
    copyFrom: str(need(source, "copyFrom", "modelSource"), "modelSource.copyFrom", COPY_FROM),
    ...(token !== undefined ? { clientRequestToken: str(token, "clientRequestToken", TOKEN) } : {}),
    tags: tags === undefined ? [] : decodeTags(tags, "tags"),
  };
}

/** A profile as GetInferenceProfile and ListInferenceProfiles show it (InferenceProfileSummary). */
export function encodeProfile(p: InferenceProfileView): Record<string, unknown> {
  return {
    inferenceProfileName: p.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.createdAt ? { createdAt: p.createdAt.toISOString() } : {}),
    ...(p.updatedAt ? { updatedAt: p.updatedAt.toISOString() } : {}),
    inferenceProfileArn: p.arn,
    models: p.modelArns.map((modelArn) => ({ modelArn })),
    inferenceProfileId: p.id,
    status: "ACTIVE",
    type: p.type,
  };
}
