import type { Caller } from "../../service/organizations/index.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
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
  invoke(input: I, caller: Caller): Promise<O>;
  encode(output: O): Record<string, unknown>;
}

/** `POST /` with `X-Amz-Target: AWSOrganizationsV20161128.<name>`, authorised as `organizations:<name>`. */
export function rpc<I, O>(spec: RpcSpec<I, O>): Operation {
  return defineOperation<I, O>({
    name: spec.name, method: "POST", path: "/", signingService: "organizations",
    protocol: organizationsProtocol, target: spec.name, action: `organizations:${spec.name}`,
    decode: ({ body, header }) => spec.decode(readBody(body, header("content-type"), spec.members, `${spec.name}Request`)),
    resource: (input) => spec.resource(input),
    ...(spec.subject ? { subject: spec.subject } : {}),
    invoke: (input, ctx) => spec.invoke(input, { accountId: ctx.principal.accountId }),
    encode: (output) => ({ kind: "json", status: 200, body: spec.encode(output) }),
  });
}

export const PAGE_MEMBERS = ["NextToken", "MaxResults"] as const;
