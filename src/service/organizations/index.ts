export { OrganizationService } from "./service.js";
export type { LabelledDocument } from "./service.js";
export type { OrganizationPorts, Caller } from "./ports.js";
export { SCP } from "./ports.js";
export type { PolicyCompiler } from "./compiler.js";
export { describeProblems } from "./compiler.js";
export { OrganizationsFault, constraintViolation, invalidInput } from "./faults.js";
export type { OrganizationsReason } from "./faults.js";
export type { Page, PageRequest } from "./pages.js";
export { DEFAULT_PAGE_SIZE } from "./pages.js";
export { SCP_MAX_CHARACTERS, SCP_MAX_POLICIES } from "./policies.js";
export { SCP_MAX_PER_TARGET } from "./attachments.js";
export { ADMINISTRATOR_ACCESS_ARN, DEFAULT_ACCESS_ROLE, FULL_AWS_ACCESS, accessRoleTrustPolicy } from "./documents.js";
export { accountArn, organizationArn, policyArn, rootArn, targetArn } from "./arns.js";
export type { OrgIds } from "./arns.js";
export type {
  AccountView, CreateAccountInput, CreateAccountState, CreateAccountStatusView, CreatePolicyInput,
  OrganizationView, PolicyView, RootView, TargetView, UpdatePolicyInput,
} from "./views.js";
