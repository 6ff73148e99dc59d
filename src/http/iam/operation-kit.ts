import { Fault } from "../../kernel/index.js";
import type { Principal, RequestContext } from "../../kernel/index.js";
import { SuppliedKeys } from "../../policy/index.js";
import type { Target } from "../../service/iam/index.js";
import type { Tag } from "../../store/iam-port.js";
import { queryReply } from "../protocols/aws-query.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { IAM_CONDITION_KEYS } from "./condition-keys.js";
import { QueryMembers } from "./form.js";
import { IAM_QUERY, iamProtocol } from "./protocol.js";
import type { XmlRecord } from "./shapes.js";

/**
 * One IAM action as an Operation: POST / signed for `iam`, named by the form's `Action`,
 * authorised as `iam:<Action>`. Decoding and encoding stay pure.
 *
 * An operation on an entity that exists (a user, group, role, managed policy, MFA device) finds
 * it in its resolve step, once: it is authorised on the entity's own ARN with the entity's
 * condition keys, and the use case acts on what was found (a Target), never on the name again.
 * Operations whose resource does not exist yet (Create*) or that act on no one resource (List*)
 * say where from the request.
 */
interface CommonSpec<I, O> {
  readonly name: string;
  decode(members: QueryMembers): I;
  /** What the request itself says that conditions may test (the tags, boundary or policy it sets). */
  request?(input: I): RequestFacts;
  /** The `<ActionResult>` members; absent for actions that answer with metadata only. */
  result?(output: O): XmlRecord;
}

/** An operation on what the request names: found before authorisation. */
export interface TargetSpec<I, O, E> extends CommonSpec<I, O> {
  target(input: I, ctx: RequestContext): Promise<Target<E>>;
  invoke(input: I, target: Target<E>, ctx: RequestContext): Promise<O>;
}

/** An operation whose resource the request alone gives (Create*, List*, SimulateCustomPolicy). */
export interface RequestSpec<I, O> extends CommonSpec<I, O> {
  /** The ARN authorised; `principal` is the caller (IAM ARNs hold its account). */
  resource(input: I, principal: Principal): string;
  invoke(input: I, ctx: RequestContext): Promise<O>;
}

interface Resolved<I, E> {
  readonly input: I;
  readonly target?: Target<E>;
}

/** What a request says about tags and policies, as IAM presents it to conditions. */
export interface RequestFacts {
  readonly tags?: readonly Tag[];
  readonly tagKeys?: readonly string[];
  /** The boundary being set (CreateUser, CreateRole, Put*PermissionsBoundary): iam:PermissionsBoundary. */
  readonly permissionsBoundary?: string;
  readonly policyArn?: string;
  /** Keys of the action's own (iam:ServiceSpecificCredentialServiceName, ...). */
  readonly other?: ReadonlyMap<string, string | number>;
}

export type ConditionValues = ReadonlyMap<string, string | boolean | number | readonly (string | boolean | number)[]>;

/** Of the keys a request could give, the ones the action supplies (condition-keys.ts): AWS gives no others. */
const DECLARED = new SuppliedKeys(IAM_CONDITION_KEYS, []);

/** The condition keys of one request: the target's (tags, its boundary), then the request's own. */
export function iamConditions(action: string, target: Target<unknown> | undefined, facts: RequestFacts | undefined): ConditionValues {
  const values = new Map<string, string | number | readonly string[]>();
  for (const tag of target?.tags ?? []) {
    values.set(`aws:ResourceTag/${tag.key}`, tag.value);
    values.set(`iam:ResourceTag/${tag.key}`, tag.value);
  }
  if (target?.permissionsBoundary !== undefined) values.set("iam:PermissionsBoundary", target.permissionsBoundary);
  if (facts?.tags?.length) {
    for (const tag of facts.tags) values.set(`aws:RequestTag/${tag.key}`, tag.value);
    values.set("aws:TagKeys", facts.tags.map((t) => t.key));
  }
  if (facts?.tagKeys?.length) values.set("aws:TagKeys", facts.tagKeys);
  if (facts?.permissionsBoundary !== undefined) values.set("iam:PermissionsBoundary", facts.permissionsBoundary);
  if (facts?.policyArn !== undefined) values.set("iam:PolicyARN", facts.policyArn);
  for (const [key, value] of facts?.other ?? []) values.set(key, value);
  for (const key of [...values.keys()]) if (!DECLARED.supplies(action, key)) values.delete(key);
  return values;
}

/** The tags a request sets, for the personal-data check, by the field names the form reader uses in its own messages. */
function tagLabels(tags: readonly Tag[] | undefined): { field: string; value: string }[] {
  return (tags ?? []).flatMap((t, i) => [
    { field: `tags.${i + 1}.member.key`, value: t.key },
    { field: `tags.${i + 1}.member.value`, value: t.value },
  ]);
}

const base = (name: string) => ({
  name, method: "POST", path: "/", signingService: "iam", protocol: iamProtocol, target: name, action: `iam:${name}`,
} as const);

export function iamTargetOperation<I, O, E>(spec: TargetSpec<I, O, E>): Operation {
  const action = `iam:${spec.name}`;
  return defineOperation<I, O, Resolved<I, E>>({
    ...base(spec.name),
    decode: ({ body, query }) => spec.decode(QueryMembers.read(body, query)),
    resolve: async (input, ctx) => ({ input, target: await spec.target(input, ctx) }),
    resource: (r) => r.target!.arn,
    conditions: (r) => iamConditions(action, r.target, spec.request?.(r.input)),
    labels: (r) => tagLabels(spec.request?.(r.input).tags),
    invoke: (r, ctx) => spec.invoke(r.input, r.target!, ctx),
    encode: (output, ctx) => queryReply(IAM_QUERY, spec.name, spec.result?.(output), ctx.requestId),
  });
}

export function iamOperation<I, O>(spec: RequestSpec<I, O>): Operation {
  const action = `iam:${spec.name}`;
  return defineOperation<I, O>({
    ...base(spec.name),
    decode: ({ body, query }) => spec.decode(QueryMembers.read(body, query)),
    resource: (input, ctx) => spec.resource(input, principalOf(ctx)),
    ...(spec.request ? { conditions: (input: I) => iamConditions(action, undefined, spec.request!(input)) } : {}),
    labels: (input) => tagLabels(spec.request?.(input).tags),
    invoke: (input, ctx) => spec.invoke(input, ctx),
    encode: (output, ctx) => queryReply(IAM_QUERY, spec.name, spec.result?.(output), ctx.requestId),
  });
}

/**
 * The pipeline hands `resource` the request context, typed as the little every protocol needs
 * (`{ region }`); IAM ARNs need the caller's account, so its principal is read here.
 */
function principalOf(ctx: { readonly region: string }): Principal {
  const principal = (ctx as Partial<RequestContext>).principal;
  if (!principal) throw new Fault("internal", "An internal error occurred. Quote the request id when reporting it.");
  return principal;
}

/** List operations act on no one resource: IAM authorises them on `*`. */
export const ANY_RESOURCE = (): string => "*";
