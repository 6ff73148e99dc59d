import { SuppliedKeys } from "../policy/index.js";
import type { ConditionKeyDeclarations } from "../policy/index.js";
import { REQUEST_CONTEXT_KEYS } from "../service/authorization/index.js";
import { CLOUDTRAIL_CONDITION_KEYS } from "./cloudtrail/condition-keys.js";
import { BEDROCK_CONDITION_KEYS } from "./bedrock/condition-keys.js";
import { IAM_CONDITION_KEYS } from "./iam/condition-keys.js";
import { KMS_CONDITION_KEYS } from "./kms/condition-keys.js";
import { ORGANIZATIONS_CONDITION_KEYS } from "./organizations/condition-keys.js";
import { STS_CONDITION_KEYS } from "./sts/condition-keys.js";

/**
 * The condition keys plinth supplies, per action it authorises: each surface declares its own
 * beside its routes; they are gathered here, as surface.ts gathers the operations. Static data,
 * so the composition root can hand it to validation before any service or operation exists.
 */
export const DECLARED_CONDITION_KEYS: ConditionKeyDeclarations = {
  ...BEDROCK_CONDITION_KEYS,
  ...IAM_CONDITION_KEYS,
  ...STS_CONDITION_KEYS,
  ...ORGANIZATIONS_CONDITION_KEYS,
  ...CLOUDTRAIL_CONDITION_KEYS,
  ...KMS_CONDITION_KEYS,
};

/** What validation reads to warn about conditions on keys plinth never supplies. */
export function suppliedConditionKeys(): SuppliedKeys {
  return new SuppliedKeys(DECLARED_CONDITION_KEYS, REQUEST_CONTEXT_KEYS);
}
