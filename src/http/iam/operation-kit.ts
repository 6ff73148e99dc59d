import { Fault } from "../../kernel/index.js";
import type { Principal, RequestContext } from "../../kernel/index.js";
import type { Tag } from "../../store/iam-port.js";
import { queryReply } from "../protocols/aws-query.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { QueryMembers } from "./form.js";
import { IAM_QUERY, iamProtocol } from "./protocol.js";
import type { XmlRecord } from "./shapes.js";

/**
 * One IAM action as an Operation: POST / signed for `iam`, named by the form's `Action`,
 * authorised as `iam:<Action>` unless said otherwise. Decoding and encoding stay pure.
 */
export interface IamOperationSpec<I, O> {
  readonly name: string;
  readonly action?: string;
  decode(members: QueryMembers): I;
  /** The ARN authorised; `principal` is the caller (IAM ARNs hold its account). */
  resource(input: I, principal: Principal): string;
  /** Condition keys the request itself supplies (aws:RequestTag/..., aws:TagKeys, iam:PermissionsBoundary, iam:PolicyARN). */
  conditions?(input: I): ConditionValues;
  invoke(input: I, ctx: RequestContext): Promise<O>;
  /** The `<ActionResult>` members; absent for actions that answer with metadata only. */
  result?(output: O): XmlRecord;
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

export function iamOperation<I, O>(spec: IamOperationSpec<I, O>): Operation {
  return defineOperation<I, O>({
    name: spec.name, method: "POST", path: "/", signingService: "iam", protocol: iamProtocol, target: spec.name,
    action: spec.action ?? `iam:${spec.name}`,
    decode: ({ body, query }) => spec.decode(QueryMembers.read(body, query)),
    resource: (input, ctx) => spec.resource(input, principalOf(ctx)),
    ...(spec.conditions ? { conditions: spec.conditions } : {}),
    invoke: (input, ctx) => spec.invoke(input, ctx),
    encode: (output, ctx) => queryReply(IAM_QUERY, spec.name, spec.result?.(output), ctx.requestId),
  });
}

export type ConditionValues = ReadonlyMap<string, string | boolean | number | readonly (string | boolean | number)[]>;

/**
 * What a request says about tags and policies, as IAM presents it to conditions. Keys the
 * stored entity would supply (aws:ResourceTag/..., an existing entity's iam:PermissionsBoundary)
 * need a read and are not given here; conditions on them see the key as absent.
 */
export interface RequestFacts {
  readonly tags?: readonly Tag[];
  readonly tagKeys?: readonly string[];
  readonly permissionsBoundary?: string;
  readonly policyArn?: string;
}

export function requestConditions<T extends RequestFacts>(input: T): ConditionValues {
  const values = new Map<string, string | readonly string[]>();
  if (input.tags?.length) {
    for (const tag of input.tags) values.set(`aws:RequestTag/${tag.key}`, tag.value);
    values.set("aws:TagKeys", input.tags.map((t) => t.key));
  }
  if (input.tagKeys?.length) values.set("aws:TagKeys", input.tagKeys);
  if (input.permissionsBoundary !== undefined) values.set("iam:PermissionsBoundary", input.permissionsBoundary);
  if (input.policyArn !== undefined) values.set("iam:PolicyARN", input.policyArn);
  return values;
}

/** List operations act on no one resource: IAM authorises them on `*`. */
export const ANY_RESOURCE = (): string => "*";
