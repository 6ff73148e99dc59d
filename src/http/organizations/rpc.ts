import { SuppliedKeys } from "../../policy/index.js";
import type { Caller } from "../../service/organizations/index.js";
import type { ConditionMap } from "../../service/authorize.js";
import type { Tag } from "../../store/iam-port.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { ORGANIZATIONS_CONDITION_KEYS } from "./condition-keys.js";
import { readBody } from "./members.js";
import type { Obj } from "./members.js";
import { organizationsProtocol } from "./protocol.js";

/** One Organizations operation: its members, and the pure steps the pipeline runs. */
export interface RpcSpec<I, O> {
  readonly name: string;
  /** The request members the model defines (others are refused). */
  readonly members: readonly string[];
  decode(o: Obj): I;
  /** The ARN authorised, as in the service authorization reference ("*" where AWS names none). */
  resource(input: I): string;
  subject?(input: I): string | undefined;
  /**
   * The request's condition keys (organizations:PolicyType, the tags it sets, the tags of the
   * resource authorised), read once before authorisation. Only the keys the action declares
   * (condition-keys.ts) are supplied.
   */
  keys?(input: I): ConditionEntries | Promise<ConditionEntries>;
  invoke(input: I, caller: Caller): Promise<O>;
  encode(output: O): Record<string, unknown>;
}

type ConditionEntries = ReadonlyArray<readonly [string, string | readonly string[]]>;

interface Resolved<I> {
  readonly input: I;
  readonly keys?: ConditionMap;
}

const DECLARED = new SuppliedKeys(ORGANIZATIONS_CONDITION_KEYS, []);

/** `POST /` with `X-Amz-Target: AWSOrganizationsV20161128.<name>`, authorised as `organizations:<name>`. */
export function rpc<I, O>(spec: RpcSpec<I, O>): Operation {
  const action = `organizations:${spec.name}`;
  return defineOperation<I, O, Resolved<I>>({
    name: spec.name, method: "POST", path: "/", signingService: "organizations",
    protocol: organizationsProtocol, target: spec.name, action,
    decode: ({ body, header }) => spec.decode(readBody(body, header("content-type"), spec.members, `${spec.name}Request`)),
    resolve: async (input) => {
      if (!spec.keys) return { input };
      return { input, keys: new Map((await spec.keys(input)).filter(([key]) => DECLARED.supplies(action, key))) };
    },
    resource: (r) => spec.resource(r.input),
    ...(spec.subject ? { subject: (r: Resolved<I>) => spec.subject!(r.input) } : {}),
    conditions: (r) => r.keys,
    invoke: (r, ctx) => spec.invoke(r.input, { accountId: ctx.principal.accountId }),
    encode: (output) => ({ kind: "json", status: 200, body: spec.encode(output) }),
  });
}

/** aws:ResourceTag/<key> for each tag of the resource authorised. */
export const resourceTags = (tags: readonly Tag[]): ConditionEntries => tags.map((t) => [`aws:ResourceTag/${t.key}`, t.value] as const);

/** aws:RequestTag/<key> for each tag the request sets, and aws:TagKeys. */
export const requestTags = (tags: readonly Tag[]): ConditionEntries =>
  tags.length === 0 ? [] : [...tags.map((t) => [`aws:RequestTag/${t.key}`, t.value] as const), ["aws:TagKeys", tags.map((t) => t.key)] as const];

export const PAGE_MEMBERS = ["NextToken", "MaxResults"] as const;
