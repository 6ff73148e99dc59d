import type { Operation } from "./operation.js";

/**
 * The API surface plinth declares, per signing service. Start-up refuses to run when a declared
 * operation has no handler or a handler is not declared, so the surface cannot drift from what
 * is documented (smithy's server does the same).
 */
export const DECLARED_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  bedrock: [
    "Converse", "ConverseStream", "InvokeModel", "InvokeModelWithResponseStream", "CountTokens",
    "ListFoundationModels", "GetFoundationModel",
    "PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy",
  ],
  iam: [
    "CreateUser", "GetUser", "ListUsers", "DeleteUser", "TagUser", "UntagUser", "ListUserTags",
    "PutUserPermissionsBoundary", "DeleteUserPermissionsBoundary",
    "CreateGroup", "GetGroup", "ListGroups", "DeleteGroup", "AddUserToGroup", "RemoveUserFromGroup", "ListGroupsForUser",
    "CreateRole", "GetRole", "ListRoles", "DeleteRole", "UpdateAssumeRolePolicy", "TagRole", "UntagRole", "ListRoleTags",
    "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary",
    "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey", "GetAccessKeyLastUsed",
    "PutUserPolicy", "GetUserPolicy", "ListUserPolicies", "DeleteUserPolicy",
    "PutGroupPolicy", "GetGroupPolicy", "ListGroupPolicies", "DeleteGroupPolicy",
    "PutRolePolicy", "GetRolePolicy", "ListRolePolicies", "DeleteRolePolicy",
    "CreatePolicy", "GetPolicy", "ListPolicies", "DeletePolicy", "CreatePolicyVersion", "GetPolicyVersion",
    "ListPolicyVersions", "DeletePolicyVersion", "SetDefaultPolicyVersion",
    "AttachUserPolicy", "DetachUserPolicy", "ListAttachedUserPolicies",
    "AttachGroupPolicy", "DetachGroupPolicy", "ListAttachedGroupPolicies",
    "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies", "ListEntitiesForPolicy",
    "CreateVirtualMFADevice", "EnableMFADevice", "DeactivateMFADevice", "ListMFADevices", "ListVirtualMFADevices", "DeleteVirtualMFADevice",
    "SimulatePrincipalPolicy", "SimulateCustomPolicy",
  ],
  sts: ["GetCallerIdentity", "GetSessionToken", "AssumeRole"],
  organizations: [
    "DescribeOrganization", "CreateOrganization", "ListRoots", "EnablePolicyType", "DisablePolicyType",
    "CreateAccount", "DescribeCreateAccountStatus", "ListCreateAccountStatus", "DescribeAccount", "ListAccounts",
    "CreatePolicy", "DescribePolicy", "UpdatePolicy", "DeletePolicy", "ListPolicies", "AttachPolicy", "DetachPolicy",
    "ListPoliciesForTarget", "ListTargetsForPolicy",
  ],
};

export function assertSurfaceComplete(operations: readonly Operation[], declared = DECLARED_OPERATIONS): void {
  const expected = new Set(Object.entries(declared).flatMap(([service, names]) => names.map((n) => `${service}:${n}`)));
  const actual = new Set(operations.map((op) => `${op.signingService}:${op.name}`));
  const missing = [...expected].filter((k) => !actual.has(k));
  const undeclared = [...actual].filter((k) => !expected.has(k));
  if (missing.length > 0 || undeclared.length > 0) {
    throw new Error(`the API surface is inconsistent: no handler for [${missing.join(", ")}], undeclared handlers [${undeclared.join(", ")}]`);
  }
}
