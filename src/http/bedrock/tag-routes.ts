import { invalid, parseArn } from "../../kernel/index.js";
import type { Fault, RequestContext } from "../../kernel/index.js";
import type { ConditionMap } from "../../service/authorize.js";
import type { Tag } from "../../store/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { resourceLabels } from "./labels.js";
import { decodeListTags, decodeTagResource, decodeUntagResource, encodeTags } from "./tag-codec.js";
import type { TagResourceInput, UntagResourceInput } from "./tag-codec.js";

/** A taggable resource the caller named, canonical: its ARN (what policies see), its id, and its tags when it exists. */
export interface TagTarget {
  readonly arn: string;
  readonly id: string;
  /** False for a resource that does not exist: refused after authorisation, so a caller cannot probe ids it may not tag. */
  readonly exists: boolean;
  readonly tags: readonly Tag[];
}

/** One kind of resource the control plane's tag operations serve, chosen by the ARN's resource type. */
export interface TaggableResources {
  /** The ARN resource types (the resource part's first segment) this kind serves. */
  readonly resourceTypes: readonly string[];
  /** Resolves once; an ARN of another account or region is this kind's not-found. */
  target(resourceArn: string, accountId: string): Promise<TagTarget>;
  tag(accountId: string, id: string, tags: readonly Tag[]): Promise<void>;
  untag(accountId: string, id: string, keys: readonly string[]): Promise<void>;
  notFound(): Fault;
}

const bedrock = { signingService: "bedrock", authSchemes: SIGV4_OR_BEARER } as const;

/** `aws:ResourceTag/*` of a resource that exists, beside any other keys. */
export function resourceTags(tags: readonly Tag[], more: ConditionMap = new Map()): ConditionMap {
  const keys = new Map(more);
  for (const t of tags) keys.set(`aws:ResourceTag/${t.key}`, t.value);
  return keys;
}

/** `aws:RequestTag/*` and `aws:TagKeys` of a request that sets tags. */
export function requestTags(tags: readonly Tag[]): Map<string, string | readonly string[]> {
  const keys = new Map<string, string | readonly string[]>();
  for (const t of tags) keys.set(`aws:RequestTag/${t.key}`, t.value);
  if (tags.length > 0) keys.set("aws:TagKeys", tags.map((t) => t.key));
  return keys;
}

interface Resolved<I> {
  readonly input: I;
  readonly kind: TaggableResources;
  readonly target: TagTarget;
}

/**
 * TagResource, UntagResource and ListTagsForResource: one set of routes for every taggable
 * resource kind, each request dispatched by its ARN's resource type to the kind that owns it and
 * authorised on that resource's canonical ARN.
 */
export function tagOperations(kinds: readonly TaggableResources[]): Operation[] {
  const byType = new Map(kinds.flatMap((k) => k.resourceTypes.map((t) => [t, k] as const)));
  const served = [...byType.keys()].join(", ");
  const resolve = async <I>(input: I, arn: string, ctx: RequestContext): Promise<Resolved<I>> => {
    const kind = byType.get(parseArn(arn)?.resource.split("/")[0] ?? "");
    if (!kind) throw invalid("resourceARN", `plinth tags these resource types only: ${served}`);
    return { input, kind, target: await kind.target(arn, ctx.principal.accountId) };
  };
  const present = (r: Resolved<unknown>): void => {
    if (!r.target.exists) throw r.kind.notFound();
  };
  return [
    defineOperation<TagResourceInput, void, Resolved<TagResourceInput>>({
      name: "TagResource", method: "POST", path: "/tagResource", ...bedrock,
      action: "bedrock:TagResource",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeTagResource(parseJsonBody(body, {}))),
      resolve: (input, ctx) => resolve(input, input.resourceArn, ctx),
      resource: (r) => r.target.arn,
      conditions: (r) => resourceTags(r.target.tags, requestTags(r.input.tags)),
      labels: (r) => resourceLabels({}, r.input.tags),
      invoke: async (r, ctx) => (present(r), r.kind.tag(ctx.principal.accountId, r.target.id, r.input.tags)),
      encode: () => ({ kind: "json", status: 200, body: {} }),
    }),
    defineOperation<UntagResourceInput, void, Resolved<UntagResourceInput>>({
      name: "UntagResource", method: "POST", path: "/untagResource", ...bedrock,
      action: "bedrock:UntagResource",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeUntagResource(parseJsonBody(body, {}))),
      resolve: (input, ctx) => resolve(input, input.resourceArn, ctx),
      resource: (r) => r.target.arn,
      conditions: (r) => resourceTags(r.target.tags, r.input.tagKeys.length > 0 ? new Map([["aws:TagKeys", r.input.tagKeys]]) : new Map()),
      invoke: async (r, ctx) => (present(r), r.kind.untag(ctx.principal.accountId, r.target.id, r.input.tagKeys)),
      encode: () => ({ kind: "json", status: 200, body: {} }),
    }),
    defineOperation<string, readonly Tag[], Resolved<string>>({
      name: "ListTagsForResource", method: "POST", path: "/listTagsForResource", ...bedrock,
      action: "bedrock:ListTagsForResource",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodeListTags(parseJsonBody(body, {}))),
      resolve: (arn, ctx) => resolve(arn, arn, ctx),
      resource: (r) => r.target.arn,
      conditions: (r) => resourceTags(r.target.tags),
      invoke: async (r) => (present(r), r.target.tags),
      encode: (tags) => ({ kind: "json", status: 200, body: encodeTags(tags) }),
    }),
  ];
}

/** The names DECLARED_OPERATIONS adds for the `bedrock` signing service. */
export const TAG_OPERATION_NAMES = ["TagResource", "UntagResource", "ListTagsForResource"] as const;
