import { PACKED_POLICY_TOO_LARGE, assumeRole, callerIdentity, getSessionToken } from "../../service/sts/index.js";
import type {
  AssumeRoleInput, AssumeRoleResult, CallerIdentity, GetSessionTokenInput, IssuedCredentials, StsDeps,
} from "../../service/sts/index.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import { awsQuery, queryReply } from "../protocols/aws-query.js";
import type { QueryService } from "../protocols/aws-query.js";
import {
  decodeAssumeRoleRequest, decodeGetSessionTokenRequest, encodeAssumeRoleResult, encodeCallerIdentity,
  encodeGetSessionTokenResult, readForm,
} from "./codec.js";

/**
 * AWS Security Token Service (awsQuery, signing name `sts`): every operation is `POST /` with
 * an `Action` form member. Errors use STS's own codes: a model constraint broken is a
 * ValidationError, a session policy and tags over the packed limit PackedPolicyTooLarge.
 */
export const STS_SERVICE: QueryService = {
  xmlns: "https://sts.amazonaws.com/doc/2011-06-15/",
  codes: {
    "validation": { code: "ValidationError", status: 400 },
    "malformed-policy": { code: "MalformedPolicyDocument", status: 400 },
    "expired-token": { code: "ExpiredToken", status: 403 },
  },
  reasons: { [PACKED_POLICY_TOO_LARGE]: "PackedPolicyTooLarge" },
};

export const STS_OPERATION_NAMES = ["GetCallerIdentity", "GetSessionToken", "AssumeRole"] as const;

const protocol = awsQuery(STS_SERVICE);
const rpc = { method: "POST", path: "/", signingService: "sts", protocol } as const;

export function stsOperations(deps: StsDeps): Operation[] {
  return [
    defineOperation<undefined, CallerIdentity>({
      ...rpc, name: "GetCallerIdentity", target: "GetCallerIdentity", authorization: "always",
      // AWS answers every authenticated caller, whatever its policies say (see the report).
      action: "sts:GetCallerIdentity",
      decode: () => undefined,
      resource: () => "*",
      invoke: async (_input, ctx) => callerIdentity(ctx.principal),
      encode: (identity, ctx) => queryReply(STS_SERVICE, "GetCallerIdentity", encodeCallerIdentity(identity), ctx.requestId),
    }),
    defineOperation<GetSessionTokenInput, IssuedCredentials>({
      // AWS documents that GetSessionToken needs no permission.
      ...rpc, name: "GetSessionToken", target: "GetSessionToken", authorization: "always",
      action: "sts:GetSessionToken",
      decode: ({ body }) => decodeGetSessionTokenRequest(readForm(body)),
      resource: () => "*",
      invoke: (input, ctx) => getSessionToken(deps, input, ctx),
      encode: (credentials, ctx) => queryReply(STS_SERVICE, "GetSessionToken", encodeGetSessionTokenResult(credentials), ctx.requestId),
    }),
    defineOperation<AssumeRoleInput, AssumeRoleResult>({
      // The use case weighs the role's trust policy against the caller's own policies.
      ...rpc, name: "AssumeRole", target: "AssumeRole", authorization: "operation",
      action: "sts:AssumeRole",
      decode: ({ body }) => decodeAssumeRoleRequest(readForm(body)),
      resource: (input) => input.roleArn,
      invoke: (input, ctx) => assumeRole(deps, input, ctx),
      encode: (result, ctx) => queryReply(STS_SERVICE, "AssumeRole", encodeAssumeRoleResult(result), ctx.requestId),
    }),
  ];
}
