import type { IamStore } from "../../store/iam-port.js";
import { AWS_MANAGED_ACCOUNT, parseIamArn } from "./arns.js";
import type { IamDeps } from "./deps.js";
import { found } from "./targets.js";
import type { PolicyHolder, Target } from "./targets.js";

/**
 * The policies SimulatePrincipalPolicy evaluates for a user, group or role of the caller's
 * account, each with the SourcePolicyId and SourcePolicyType IAM reports for it.
 */
export interface LabelledDocument {
  readonly label: string;
  readonly document: string;
}

export interface PolicySource {
  readonly id: string;
  readonly type: string;
}

/** `arn:...:policy/x` -> x (aws-managed or user-managed); `user/u:inline/p` -> p (user). */
export function sourceOf(label: string): PolicySource {
  const arn = parseIamArn(label);
  if (arn?.type === "policy") return { id: arn.name, type: arn.accountId === AWS_MANAGED_ACCOUNT ? "aws-managed" : "user-managed" };
  const inline = /^(user|group|role)\/[^:]*:inline\/(.+)$/.exec(label);
  if (inline) return { id: inline[2]!, type: inline[1]! };
  return { id: label, type: "IAM Policy" };
}

export interface PrincipalPolicySet {
  readonly arn: string;
  readonly identity: readonly LabelledDocument[];
  readonly boundary?: LabelledDocument;
}

async function groupPolicies(iam: IamStore, groupId: string, groupName: string): Promise<LabelledDocument[]> {
  const out: LabelledDocument[] = [];
  for (const name of await iam.listInlinePolicyNames("group", groupId)) {
    const p = await iam.getInlinePolicy("group", groupId, name);
    if (p) out.push({ label: `group/${groupName}:inline/${name}`, document: p.document });
  }
  for (const a of await iam.listAttachedPolicies("group", groupId)) {
    const policy = await iam.getPolicy(a.policyArn);
    const version = policy && await iam.getPolicyVersion(policy.arn, policy.defaultVersionId);
    if (version) out.push({ label: policy.arn, document: version.document });
  }
  return out;
}

/** The policies of the user, group or role found (by its exact ARN) before the request was authorised. */
export async function principalPolicies(deps: IamDeps, target: Target<PolicyHolder>): Promise<PrincipalPolicySet> {
  const holder = found(target);
  switch (holder.kind) {
    case "user": return { arn: holder.arn, ...await deps.iam.policiesForUser(holder.id) };
    case "role": return { arn: holder.arn, ...await deps.iam.policiesForRole(holder.id) };
    case "group": return { arn: holder.arn, identity: await groupPolicies(deps.iam, holder.id, holder.name) };
  }
}
