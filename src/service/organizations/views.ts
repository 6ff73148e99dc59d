import type { Tag } from "../../store/iam-port.js";

/** What the Organizations use cases answer; the codec writes them in the wire's shapes. */
export interface OrganizationView {
  readonly organizationId: string;
  readonly arn: string;
  readonly managementAccountId: string;
  readonly managementAccountArn: string;
  readonly managementAccountEmail?: string;
}

export interface RootView {
  readonly rootId: string;
  readonly arn: string;
  readonly name: string;
  /** Policy types enabled on the root. */
  readonly enabledPolicyTypes: readonly string[];
}

export interface AccountView {
  readonly accountId: string;
  readonly arn: string;
  readonly name: string;
  readonly email?: string;
  /** The management account founded the organisation; the others were created in it. */
  readonly joinedMethod: "INVITED" | "CREATED";
  readonly joinedAt: Date;
}

export type CreateAccountState = "IN_PROGRESS" | "SUCCEEDED" | "FAILED";

export interface CreateAccountStatusView {
  /** `car-...` */
  readonly id: string;
  readonly accountName?: string;
  readonly state: CreateAccountState;
  readonly requestedAt: Date;
  readonly completedAt?: Date;
  readonly accountId?: string;
  readonly failureReason?: string;
}

export interface PolicyView {
  readonly policyId: string;
  readonly arn: string;
  readonly name: string;
  readonly description: string;
  readonly type: string;
  readonly awsManaged: boolean;
  readonly content: string;
}

export interface TargetView {
  readonly targetId: string;
  readonly arn: string;
  readonly name: string;
  readonly type: "ROOT" | "ACCOUNT";
}

export interface CreateAccountInput {
  readonly accountName: string;
  readonly email: string;
  readonly roleName?: string;
  readonly tags: readonly Tag[];
}

export interface CreatePolicyInput {
  readonly name: string;
  readonly description: string;
  readonly content: string;
  readonly type: string;
  readonly tags: readonly Tag[];
}

export interface UpdatePolicyInput {
  readonly policyId: string;
  readonly name?: string;
  readonly description?: string;
  readonly content?: string;
}
