import type { OrganizationsReason } from "../../service/organizations/index.js";

/**
 * Organizations' exception names (botocore organizations 2016-11-28) for the domain reasons its
 * service raises. A reason not listed falls back to the fault kind's code (protocol.ts).
 */
export const ORGANIZATIONS_ERRORS: Readonly<Record<OrganizationsReason, string>> = {
  "account-not-found": "AccountNotFoundException",
  "create-account-status-not-found": "CreateAccountStatusNotFoundException",
  "policy-not-found": "PolicyNotFoundException",
  "root-not-found": "RootNotFoundException",
  "target-not-found": "TargetNotFoundException",
  "policy-not-attached": "PolicyNotAttachedException",
  "duplicate-policy": "DuplicatePolicyException",
  "duplicate-policy-attachment": "DuplicatePolicyAttachmentException",
  "already-in-organization": "AlreadyInOrganizationException",
  "policy-type-already-enabled": "PolicyTypeAlreadyEnabledException",
  "policy-type-not-enabled": "PolicyTypeNotEnabledException",
  "policy-type-not-available": "PolicyTypeNotAvailableForOrganizationException",
  "policy-in-use": "PolicyInUseException",
  "malformed-policy": "MalformedPolicyDocumentException",
  "invalid-input": "InvalidInputException",
  "constraint-violation": "ConstraintViolationException",
};
