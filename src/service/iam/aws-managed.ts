import { isFault } from "../../kernel/index.js";
import type { Clock } from "../../kernel/index.js";
import type { IamStore } from "../../store/iam-port.js";
import { AWS_MANAGED_ACCOUNT, iamArn } from "./arns.js";
import { newPolicyId } from "./ids.js";
import { MAX_POLICY_VERSIONS } from "./policy-versions.js";

/**
 * A small fixed set of AWS-managed policies, kept in the store under the reserved account `aws`
 * so every account can attach them and the authorizer reads their documents like any other.
 * The documents are written here from what each policy is for; ReadOnlyAccess is a modest
 * approximation (read actions of the services plinth serves), not AWS's list of every service.
 */
export interface AwsManagedPolicy {
  readonly name: string;
  readonly description: string;
  readonly document: string;
}

const doc = (statements: readonly object[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  {
    name: "AdministratorAccess",
    description: "Provides full access to every action on every resource.",
    document: doc([{ Effect: "Allow", Action: "*", Resource: "*" }]),
  },
  {
    name: "AmazonBedrockFullAccess",
    description: "Provides full access to Amazon Bedrock: models, inference and the control plane.",
    document: doc([{ Sid: "BedrockAll", Effect: "Allow", Action: ["bedrock:*"], Resource: "*" }]),
  },
  {
    name: "AmazonBedrockReadOnly",
    description: "Provides read-only access to Amazon Bedrock: listing and describing, no inference.",
    document: doc([{ Sid: "BedrockRead", Effect: "Allow", Action: ["bedrock:Get*", "bedrock:List*"], Resource: "*" }]),
  },
  {
    name: "IAMFullAccess",
    description: "Provides full access to IAM.",
    document: doc([{ Effect: "Allow", Action: ["iam:*"], Resource: "*" }]),
  },
  {
    name: "ReadOnlyAccess",
    description: "Provides read-only access to the services plinth serves (an approximation of AWS's policy of the same name).",
    document: doc([{
      Sid: "ReadOnly",
      Effect: "Allow",
      Action: [
        "bedrock:Get*", "bedrock:List*",
        "iam:Generate*", "iam:Get*", "iam:List*", "iam:Simulate*",
        "organizations:Describe*", "organizations:List*",
        "sts:GetCallerIdentity",
      ],
      Resource: "*",
    }]),
  },
];

export const awsManagedPolicyArn = (name: string): string => iamArn(AWS_MANAGED_ACCOUNT, "policy", "/", name);

/**
 * Creates the AWS-managed policies that are missing and gives those whose document changed in
 * this release a new default version (the oldest other version makes room when five exist).
 * Safe to run on every start and on several nodes at once.
 */
export async function ensureAwsManagedPolicies(iam: IamStore, clock: Clock): Promise<void> {
  for (const policy of AWS_MANAGED_POLICIES) {
    const arn = awsManagedPolicyArn(policy.name);
    const existing = await iam.getPolicy(arn);
    try {
      if (!existing) {
        await iam.createPolicy({ policyId: newPolicyId(), accountId: AWS_MANAGED_ACCOUNT, policyName: policy.name, path: "/", arn, description: policy.description, createdAt: clock.now() }, policy.document);
        continue;
      }
      const current = await iam.getPolicyVersion(arn, existing.defaultVersionId);
      if (current?.document === policy.document) continue;
      const versions = await iam.listPolicyVersions(arn);
      if (versions.length >= MAX_POLICY_VERSIONS) {
        const oldest = versions.filter((v) => !v.isDefault).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
        if (oldest) await iam.deletePolicyVersion(arn, oldest.versionId);
      }
      await iam.createPolicyVersion(arn, policy.document, true, clock.now());
    } catch (error) {
      // Another node did the same a moment earlier.
      if (!(isFault(error) && (error.kind === "conflict" || error.kind === "service-quota-exceeded"))) throw error;
    }
  }
}
