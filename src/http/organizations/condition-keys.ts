import type { ConditionKeyDeclarations } from "../../policy/index.js";

/**
 * The condition keys each Organizations action supplies beside those of every request (see
 * http/iam/condition-keys.ts for how these tables are read). `organizations:PolicyType` is the
 * type the request names or the policy has (every policy here is an SCP); `aws:ResourceTag/*`
 * the tags of the resource authorised: the account, or the policy (AttachPolicy and DetachPolicy
 * are authorised on the policy, see routes-policies.ts).
 */
const POLICY_TYPE = "organizations:PolicyType";
const RESOURCE_TAG = "aws:ResourceTag/${TagKey}";
const REQUEST_TAGS = ["aws:RequestTag/${TagKey}", "aws:TagKeys"];
const NOT_YET = { [RESOURCE_TAG]: "a create request's resource does not exist yet, so it has no tags of its own (aws:RequestTag/* holds those it is given)" };
const UNTAGGED_ROOT = { [RESOURCE_TAG]: "the root takes no tags here (TagResource is not served)" };

export const ORGANIZATIONS_CONDITION_KEYS: ConditionKeyDeclarations = {
  "organizations:DescribeOrganization": { supplied: [] },
  "organizations:CreateOrganization": { supplied: [] },
  "organizations:ListRoots": { supplied: [] },
  "organizations:EnablePolicyType": { supplied: [POLICY_TYPE], notSupplied: UNTAGGED_ROOT },
  "organizations:DisablePolicyType": { supplied: [POLICY_TYPE], notSupplied: UNTAGGED_ROOT },
  "organizations:CreateAccount": { supplied: REQUEST_TAGS, notSupplied: NOT_YET },
  "organizations:DescribeCreateAccountStatus": { supplied: [] },
  "organizations:ListCreateAccountStatus": { supplied: [] },
  "organizations:DescribeAccount": { supplied: [RESOURCE_TAG] },
  "organizations:ListAccounts": { supplied: [] },
  "organizations:CreatePolicy": { supplied: [...REQUEST_TAGS, POLICY_TYPE], notSupplied: NOT_YET },
  "organizations:DescribePolicy": { supplied: [POLICY_TYPE, RESOURCE_TAG] },
  "organizations:UpdatePolicy": { supplied: [POLICY_TYPE, RESOURCE_TAG] },
  "organizations:DeletePolicy": { supplied: [POLICY_TYPE, RESOURCE_TAG] },
  "organizations:ListPolicies": { supplied: [POLICY_TYPE] },
  "organizations:AttachPolicy": { supplied: [POLICY_TYPE, RESOURCE_TAG] },
  "organizations:DetachPolicy": { supplied: [POLICY_TYPE, RESOURCE_TAG] },
  // The target's tags: an account's (the root has none).
  "organizations:ListPoliciesForTarget": { supplied: [POLICY_TYPE, RESOURCE_TAG] },
  "organizations:ListTargetsForPolicy": { supplied: [POLICY_TYPE, RESOURCE_TAG] },
};
