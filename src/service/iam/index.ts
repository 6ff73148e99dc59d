export { IamService } from "./iam-service.js";
export type { IamDeps } from "./deps.js";
export { MfaVerifier } from "./mfa-verify.js";
export { MFA_LOCKOUT } from "./mfa-attempts.js";
export type { MfaAttribution, MfaRefusal } from "./mfa-attempts.js";
export { AWS_MANAGED_POLICIES, awsManagedPolicyArn, ensureAwsManagedPolicies } from "./aws-managed.js";
export type { AwsManagedPolicy } from "./aws-managed.js";
export { AWS_MANAGED_ACCOUNT, iamArn, parseIamArn } from "./arns.js";
export type { IamResourceType, ParsedIamArn } from "./arns.js";
export { Targets, requestedArn } from "./targets.js";
export type { PolicyHolder, Target } from "./targets.js";
export { IAM_REASONS } from "./errors.js";
export type { Page, PageRequest } from "./paging.js";
export type { UserView, CreateUserInput } from "./users.js";
export type { RoleView, CreateRoleInput } from "./roles.js";
export type { AccessKeyMetadata, NewAccessKey } from "./access-keys.js";
export { SUPPORTED_CREDENTIAL_SERVICES } from "./service-credentials.js";
export type {
  CreateServiceCredentialInput, CredentialRef, ListServiceCredentialsInput, NewServiceCredential, ServiceCredentialMetadata,
} from "./service-credentials.js";
export type { InlinePolicy } from "./inline-policies.js";
export type { PolicyView, CreatePolicyInput, ListPoliciesInput } from "./managed-policies.js";
export type { EntitiesForPolicy, ListEntitiesInput } from "./attachments.js";
export type { AccountEntity } from "./account-entities.js";
export type { NewVirtualMfaDevice, VirtualMfaDeviceView, MfaDeviceView } from "./mfa.js";
export type { TaggableKind } from "./user-role-settings.js";
export type {
  SimulationRequest, PrincipalSimulationRequest, PolicyExclusion, EvaluationResultView, MatchedStatementView, EvalDecision,
} from "./simulate.js";
export type { ContextEntryInput } from "./simulation-context.js";
export type { Position } from "./statement-positions.js";
