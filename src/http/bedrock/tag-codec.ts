import { invalid } from "../../kernel/index.js";
import type { Tag } from "../../store/index.js";
import { refuseCaseTwins } from "../../service/resources/tags.js";
import { at, closed, need, obj } from "../bedrock-runtime/validate-members.js";
import { list, str } from "../bedrock-runtime/validate-values.js";
import type { StringRule } from "../bedrock-runtime/validate-values.js";

/**
 * Pure codec for the control plane's tag operations (POST /tagResource, /untagResource,
 * /listTagsForResource) and the `tags` member of the Create operations that take one
 * (CreateInferenceProfile, CreateGuardrail): Bedrock's list-of-{key, value} form.
 */
const TAG_TEXT = { pattern: /^[a-zA-Z0-9\s._:/=+@-]*$/, patternText: "[a-zA-Z0-9\\s._:/=+@-]*" };
const TAG_KEY: StringRule = { min: 1, max: 128, ...TAG_TEXT };
const TAG_VALUE: StringRule = { min: 0, max: 256, ...TAG_TEXT };
const RESOURCE_ARN: StringRule = { min: 20, max: 1011, pattern: /^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]+:[0-9]{12}:[a-z-]+\/[a-zA-Z0-9._:/-]+$/, patternText: "arn:aws(-[^:]+)?:bedrock:[a-z0-9-]+:[0-9]{12}:[a-z-]+/.+" };

export function decodeTags(value: unknown, field: string): Tag[] {
  const tags = list(value, field, { min: 0, max: 200 }).map((t, i) => {
    const f = at(field, i);
    const tag = obj(t, f);
    closed(tag, f, ["key", "value"], { shape: "Tag" });
    return { key: str(need(tag, "key", f), at(f, "key"), TAG_KEY), value: str(need(tag, "value", f), at(f, "value"), TAG_VALUE) };
  });
  if (new Set(tags.map((t) => t.key)).size !== tags.length) throw invalid(field, "each tag key may appear once");
  refuseCaseTwins(tags.map((t) => t.key), field);
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

export const encodeTags = (tags: readonly Tag[]): Record<string, unknown> => ({ tags: tags.map((t) => ({ key: t.key, value: t.value })) });
