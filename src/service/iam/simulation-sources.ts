import type { RequestContext } from "../../kernel/index.js";
import type { IamStore } from "../../store/iam-port.js";
import { AWS_MANAGED_ACCOUNT, parseIamArn } from "./arns.js";
import type { IamDeps } from "./deps.js";
import { findGroup, findRole, findUser } from "./entities.js";
import { invalidInput, noSuchEntity } from "./errors.js";

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

export async function principalPolicies(deps: IamDeps, ctx: RequestContext, policySourceArn: string): Promise<PrincipalPolicySet> {
  const parsed = parseIamArn(policySourceArn);
  if (!parsed || !["user", "group", "role"].includes(parsed.type)) {
    throw invalidInput("policySourceArn", "PolicySourceArn must be the ARN of an IAM user, group or role.");
  }
  const action = "iam:SimulatePrincipalPolicy";
  const absent = () => noSuchEntity(`The ${parsed.type} with ARN ${policySourceArn} cannot be found.`);
  if (parsed.accountId !== ctx.principal.accountId) throw absent();
  switch (parsed.type) {
    case "user": {
      const user = await findUser(deps, ctx, action, parsed.name);
      if (user.arn !== policySourceArn) throw absent();
      return { arn: user.arn, ...await deps.iam.policiesForUser(user.userId) };
    }
    case "role": {
      const role = await findRole(deps, ctx, action, parsed.name);
      if (role.arn !== policySourceArn) throw absent();
      return { arn: role.arn, ...await deps.iam.policiesForRole(role.roleId) };
    }
    default: {
      const group = await findGroup(deps, ctx, action, parsed.name);
      if (group.arn !== policySourceArn) throw absent();
      return { arn: group.arn, identity: await groupPolicies(deps.iam, group.groupId, group.groupName) };
    }
  }
}
