/**
 * AccessDenied wording as AWS gives it, e.g. "User: arn:aws:iam::111122223333:user/alice is not
 * authorized to perform: bedrock:InvokeModel on resource: arn:... because no identity-based policy
 * allows the bedrock:InvokeModel action". It names who, what, where and which kind of policy;
 * never a statement's content (those go to the audit record).
 */
import type { Decision, PolicyKind } from "./types.js";

const NAMES: Record<PolicyKind, string> = {
  identity: "identity-based policy",
  boundary: "permissions boundary",
  session: "session policy",
  scp: "service control policy",
  resource: "resource-based policy",
  trust: "resource-based policy",
  key: "resource-based policy",
};

export function denialMessage(principalArn: string, action: string, resource: string, decision: Decision): string {
  const head = `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`;
  if (decision.decision === "Allow") return `${head}`;
  const kind = NAMES[decision.deniedBy ?? "identity"];
  if (decision.decision === "ExplicitDeny") return `${head} with an explicit deny in ${article(kind)} ${kind}`;
  return `${head} because no ${kind} allows the ${action} action`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}
