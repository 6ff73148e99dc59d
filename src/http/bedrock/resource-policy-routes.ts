import type { ResourcePolicyService } from "../../service/resource-policies/index.js";
import { SIGV4_OR_BEARER } from "../authenticate.js";
import { parseJsonBody, requireJsonContentType } from "../bedrock-runtime/json-body.js";
import { defineOperation } from "../operation.js";
import type { Operation } from "../operation.js";
import {
  decodePutResourcePolicy, decodeResourceArnLabel, encodeGetResourcePolicyOutput, encodePutResourcePolicyOutput,
} from "./resource-policy-codec.js";
import type { PutResourcePolicyInput } from "./resource-policy-codec.js";

export interface ResourcePolicyDeps {
  readonly resourcePolicies: ResourcePolicyService;
}

/** Bedrock control-plane resource policies (signing name `bedrock`), authorised on the resource's ARN. */
export function resourcePolicyOperations({ resourcePolicies }: ResourcePolicyDeps): Operation[] {
  return [
    defineOperation<PutResourcePolicyInput, string>({
      name: "PutResourcePolicy", method: "POST", path: "/resource-policy", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "bedrock:PutResourcePolicy",
      decode: ({ body, header }) => (requireJsonContentType(header("content-type")), decodePutResourcePolicy(parseJsonBody(body, {}))),
      resource: (input) => input.resourceArn,
      subject: (input) => input.resourceArn,
      invoke: (input, ctx) => resourcePolicies.put(ctx.principal, input.resourceArn, input.resourcePolicy),
      encode: (resourceArn) => ({ kind: "json", status: 201, body: encodePutResourcePolicyOutput(resourceArn) }),
    }),
    defineOperation<string, string>({
      name: "GetResourcePolicy", method: "GET", path: "/resource-policy/{resourceArn}", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "bedrock:GetResourcePolicy",
      decode: ({ params }) => decodeResourceArnLabel(params["resourceArn"]!),
      resource: (arn) => arn,
      subject: (arn) => arn,
      invoke: (arn, ctx) => resourcePolicies.get(ctx.principal, arn),
      encode: (document) => ({ kind: "json", status: 200, body: encodeGetResourcePolicyOutput(document) }),
    }),
    defineOperation<string, void>({
      name: "DeleteResourcePolicy", method: "DELETE", path: "/resource-policy/{resourceArn}", signingService: "bedrock", authSchemes: SIGV4_OR_BEARER,
      action: "bedrock:DeleteResourcePolicy",
      decode: ({ params }) => decodeResourceArnLabel(params["resourceArn"]!),
      resource: (arn) => arn,
      subject: (arn) => arn,
      invoke: (arn, ctx) => resourcePolicies.delete(ctx.principal, arn),
      encode: () => ({ kind: "json", status: 200, body: {} }),
    }),
  ];
}

/** The names DECLARED_OPERATIONS adds for the `bedrock` signing service. */
export const RESOURCE_POLICY_OPERATION_NAMES = ["PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy"] as const;
