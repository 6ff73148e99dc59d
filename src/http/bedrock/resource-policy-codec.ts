import { closed, need, obj } from "../bedrock-runtime/validate-members.js";
import { str } from "../bedrock-runtime/validate-values.js";
import type { StringRule } from "../bedrock-runtime/validate-values.js";

/**
 * Pure codec for Bedrock's resource-policy operations (bedrock 2023-04-20): PutResourcePolicy
 * (POST /resource-policy, 201), GetResourcePolicy and DeleteResourcePolicy
 * (GET / DELETE /resource-policy/{resourceArn}).
 */
export const RESOURCE_ARN: StringRule = { min: 1, max: 255 };
/** Tab, newline, carriage return and U+0020..U+00FF, as IAM documents are constrained. */
export const RESOURCE_POLICY: StringRule = { min: 1, max: 20480, pattern: /^[\t\n\r\u0020-\u00FF]+$/, patternText: "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+" };

export interface PutResourcePolicyInput {
  readonly resourceArn: string;
  readonly resourcePolicy: string;
}

export function decodePutResourcePolicy(body: unknown): PutResourcePolicyInput {
  const o = obj(body, "");
  closed(o, "", ["resourceArn", "resourcePolicy"], { shape: "PutResourcePolicyRequest" });
  return {
    resourceArn: str(need(o, "resourceArn", ""), "resourceArn", RESOURCE_ARN),
    resourcePolicy: str(need(o, "resourcePolicy", ""), "resourcePolicy", RESOURCE_POLICY),
  };
}

/** The `{resourceArn}` label, already percent-decoded by the router. */
export function decodeResourceArnLabel(label: string): string {
  return str(label, "resourceArn", RESOURCE_ARN);
}

export const encodePutResourcePolicyOutput = (resourceArn: string): Record<string, unknown> => ({ resourceArn });
export const encodeGetResourcePolicyOutput = (resourcePolicy: string): Record<string, unknown> => ({ resourcePolicy });
