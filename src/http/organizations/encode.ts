import type {
  AccountView, CreateAccountStatusView, OrganizationView, Page, PolicyView, RootView, TargetView,
} from "../../service/organizations/index.js";
import { SCP } from "../../service/organizations/index.js";

/** Pure encoders: the use cases' answers in the Organizations model's shapes. */
const seconds = (d: Date): number => d.getTime() / 1000;

export function encodeOrganization(v: OrganizationView): Record<string, unknown> {
  return {
    Id: v.organizationId, Arn: v.arn, FeatureSet: "ALL",
    MasterAccountArn: v.managementAccountArn, MasterAccountId: v.managementAccountId,
    ...(v.managementAccountEmail !== undefined ? { MasterAccountEmail: v.managementAccountEmail } : {}),
    // Deprecated in the model, and always this for an organisation with all features.
    AvailablePolicyTypes: [{ Type: SCP, Status: "ENABLED" }],
  };
}

export function encodeRoot(v: RootView): Record<string, unknown> {
  return { Id: v.rootId, Arn: v.arn, Name: v.name, PolicyTypes: v.enabledPolicyTypes.map((t) => ({ Type: t, Status: "ENABLED" })) };
}

export function encodeAccount(v: AccountView): Record<string, unknown> {
  return {
    Id: v.accountId, Arn: v.arn, ...(v.email !== undefined ? { Email: v.email } : {}), Name: v.name,
    Status: "ACTIVE", State: "ACTIVE", JoinedMethod: v.joinedMethod, JoinedTimestamp: seconds(v.joinedAt),
  };
}

export function encodeCreateAccountStatus(v: CreateAccountStatusView): Record<string, unknown> {
  return {
    Id: v.id, ...(v.accountName !== undefined ? { AccountName: v.accountName } : {}), State: v.state,
    RequestedTimestamp: seconds(v.requestedAt),
    ...(v.completedAt !== undefined ? { CompletedTimestamp: seconds(v.completedAt) } : {}),
    ...(v.accountId !== undefined ? { AccountId: v.accountId } : {}),
    ...(v.failureReason !== undefined ? { FailureReason: v.failureReason } : {}),
  };
}

export function encodePolicySummary(v: PolicyView): Record<string, unknown> {
  return { Id: v.policyId, Arn: v.arn, Name: v.name, Description: v.description, Type: v.type, AwsManaged: v.awsManaged };
}

export function encodePolicy(v: PolicyView): Record<string, unknown> {
  return { PolicySummary: encodePolicySummary(v), Content: v.content };
}

export function encodeTarget(v: TargetView): Record<string, unknown> {
  return { TargetId: v.targetId, Arn: v.arn, Name: v.name, Type: v.type };
}

/** A page under the list member the operation names, with NextToken when more remain. */
export function encodePage<T>(member: string, page: Page<T>, item: (t: T) => Record<string, unknown>): Record<string, unknown> {
  return { [member]: page.items.map(item), ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}) };
}
