import type { ConditionKeyDeclarations } from "../../policy/index.js";

/** CloudTrail's read actions take no condition keys of their own (service authorization reference). */
export const CLOUDTRAIL_CONDITION_KEYS: ConditionKeyDeclarations = {
  "cloudtrail:LookupEvents": { supplied: [] },
  "cloudtrail:ListPublicKeys": { supplied: [] },
};
