import { invalid } from "../../kernel/index.js";
import type { InferenceProfileView, ProfileType } from "../../service/inference-profiles/index.js";
import type { Tag } from "../../store/index.js";
import { at, closed, need, obj, own } from "../bedrock-runtime/validate-members.js";
import { list, str } from "../bedrock-runtime/validate-values.js";
import type { StringRule } from "../bedrock-runtime/validate-values.js";

/**
 * Pure codec for Bedrock's inference-profile operations (bedrock 2023-04-20): ListInferenceProfiles
 * (GET /inference-profiles), Get/DeleteInferenceProfile (GET / DELETE
 * /inference-profiles/{inferenceProfileIdentifier}), CreateInferenceProfile (POST, 201), and the
 * tag operations (POST /tagResource, /untagResource, /listTagsForResource). Constraints as the
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
const TAG_TEXT = { pattern: /^[a-zA-Z0-9\s._:/=+@-]*$/, patternText: "[a-zA-Z0-9\\s._:/=+@-]*" };
const TAG_KEY: StringRule = { min: 1, max: 128, ...TAG_TEXT };
const TAG_VALUE: StringRule = { min: 0, max: 256, ...TAG_TEXT };
const RESOURCE_ARN: StringRule = { min: 20, max: 1011, pattern: /^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]+:[0-9]{12}:[a-z-]+\/[a-zA-Z0-9._:/-]+$/, patternText: "arn:aws(-[^:]+)?:bedrock:[a-z0-9-]+:[0-9]{12}:[a-z-]+/.+" };

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

function decodeTags(value: unknown, field: string): Tag[] {
  const tags = list(value, field, { min: 0, max: 200 }).map((t, i) => {
    const f = at(field, i);
    const tag = obj(t, f);
    closed(tag, f, ["key", "value"], { shape: "Tag" });
    return { key: str(need(tag, "key", f), at(f, "key"), TAG_KEY), value: str(need(tag, "value", f), at(f, "value"), TAG_VALUE) };
  });
  if (new Set(tags.map((t) => t.key)).size !== tags.length) throw invalid(field, "each tag key may appear once");
  return tags;
}

export interface TagResourceInput { readonly resourceArn: string; readonly tags: readonly Tag[] }
export interface UntagResourceInput { readonly resourceArn: string; readonly tagKeys: readonly string[] }

export function decodeTagResource(body: unknown): TagResourceInput {
  const o = obj(body, "");
  closed(o, "", ["resourceARN", "tags"], { shape: "TagResourceRequest" });
  return { resourceArn: str(need(o, "resourceARN", ""), "resourceARN", RESOURCE_ARN), tags: decodeTags(need(o, "tags", ""), "tags") };
}

export function decodeUntagResource(body: unknown): UntagResourceInput {
  const o = obj(body, "");
  closed(o, "", ["resourceARN", "tagKeys"], { shape: "UntagResourceRequest" });
  const keys = list(need(o, "tagKeys", ""), "tagKeys", { min: 0, max: 200 }).map((k, i) => str(k, at("tagKeys", i), TAG_KEY));
  return { resourceArn: str(need(o, "resourceARN", ""), "resourceARN", RESOURCE_ARN), tagKeys: keys };
}

export function decodeListTags(body: unknown): string {
  const o = obj(body, "");
  closed(o, "", ["resourceARN"], { shape: "ListTagsForResourceRequest" });
  return str(need(o, "resourceARN", ""), "resourceARN", RESOURCE_ARN);
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

export const encodeTags = (tags: readonly Tag[]): Record<string, unknown> => ({ tags: tags.map((t) => ({ key: t.key, value: t.value })) });
