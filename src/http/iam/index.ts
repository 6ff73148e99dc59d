import type { IamService } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { accessKeyOperations } from "./access-key-routes.js";
import { policyAttachmentOperations } from "./attachment-routes.js";
import { groupOperations } from "./group-routes.js";
import { inlinePolicyOperations } from "./inline-policy-routes.js";
import { managedPolicyOperations } from "./managed-policy-routes.js";
import { mfaOperations } from "./mfa-routes.js";
import { roleOperations } from "./role-routes.js";
import { serviceCredentialOperations } from "./service-credential-routes.js";
import { simulateOperations } from "./simulate-routes.js";
import { userOperations } from "./user-routes.js";

/** IAM (awsQuery, signing name `iam`, API version 2010-05-08): every operation plinth serves. */
export function iamOperations(iam: IamService): Operation[] {
  return [
    ...userOperations(iam),
    ...groupOperations(iam),
    ...roleOperations(iam),
    ...accessKeyOperations(iam),
    ...serviceCredentialOperations(iam),
    ...inlinePolicyOperations(iam),
    ...managedPolicyOperations(iam),
    ...policyAttachmentOperations(iam),
    ...mfaOperations(iam),
    ...simulateOperations(iam),
  ];
}

/** For DECLARED_OPERATIONS (src/http/surface.ts): `iam: IAM_OPERATION_NAMES`. */
export const IAM_OPERATION_NAMES: readonly string[] = [
  "CreateUser", "GetUser", "ListUsers", "DeleteUser", "TagUser", "UntagUser", "ListUserTags",
  "PutUserPermissionsBoundary", "DeleteUserPermissionsBoundary",
  "CreateGroup", "GetGroup", "ListGroups", "DeleteGroup", "AddUserToGroup", "RemoveUserFromGroup", "ListGroupsForUser",
  "CreateRole", "GetRole", "ListRoles", "DeleteRole", "UpdateAssumeRolePolicy", "TagRole", "UntagRole", "ListRoleTags",
  "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary",
  "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey", "GetAccessKeyLastUsed",
  "CreateServiceSpecificCredential", "ListServiceSpecificCredentials", "UpdateServiceSpecificCredential",
  "ResetServiceSpecificCredential", "DeleteServiceSpecificCredential",
  "PutUserPolicy", "GetUserPolicy", "ListUserPolicies", "DeleteUserPolicy",
  "PutGroupPolicy", "GetGroupPolicy", "ListGroupPolicies", "DeleteGroupPolicy",
  "PutRolePolicy", "GetRolePolicy", "ListRolePolicies", "DeleteRolePolicy",
  "CreatePolicy", "GetPolicy", "ListPolicies", "DeletePolicy",
  "CreatePolicyVersion", "GetPolicyVersion", "ListPolicyVersions", "DeletePolicyVersion", "SetDefaultPolicyVersion",
  "AttachUserPolicy", "DetachUserPolicy", "ListAttachedUserPolicies",
  "AttachGroupPolicy", "DetachGroupPolicy", "ListAttachedGroupPolicies",
  "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies", "ListEntitiesForPolicy",
  "CreateVirtualMFADevice", "EnableMFADevice", "DeactivateMFADevice", "ListMFADevices", "ListVirtualMFADevices", "DeleteVirtualMFADevice",
  "SimulatePrincipalPolicy", "SimulateCustomPolicy",
];

export { IAM_QUERY, iamProtocol } from "./protocol.js";
