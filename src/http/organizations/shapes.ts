import type { StringRule } from "./members.js";

/** Member constraints of the Organizations model (botocore organizations 2016-11-28). */
export const ACCOUNT_ID: StringRule = { max: 12, pattern: /^\d{12}$/, described: "^\\d{12}$" };
export const POLICY_ID: StringRule = { max: 130, pattern: /^p-[0-9a-zA-Z_]{8,128}$/, described: "^p-[0-9a-zA-Z_]{8,128}$", patternReason: "INVALID_SYNTAX_POLICY_ID" };
export const TARGET_ID: StringRule = {
  max: 100, pattern: /^(?:r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  described: "^(r-[0-9a-z]{4,32})|(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$", patternReason: "INVALID_PATTERN_TARGET_ID",
};
export const ROOT_ID: StringRule = { max: 34, pattern: /^r-[0-9a-z]{4,32}$/, described: "^r-[0-9a-z]{4,32}$" };
export const CREATE_ACCOUNT_REQUEST_ID: StringRule = { max: 36, pattern: /^car-[a-z0-9]{8,32}$/, described: "^car-[a-z0-9]{8,32}$" };
export const EMAIL: StringRule = { min: 6, max: 64, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, described: "[^\\s@]+@[^\\s@]+\\.[^\\s@]+" };
export const CREATE_ACCOUNT_NAME: StringRule = { min: 1, max: 50, pattern: /^[\u0020-\u007E]+$/, described: "[\\u0020-\\u007E]+" };
export const ROLE_NAME: StringRule = { max: 64, pattern: /^[\w+=,.@-]{1,64}$/, described: "[\\w+=,.@-]{1,64}" };
export const POLICY_CONTENT: StringRule = { min: 1 };
export const POLICY_DESCRIPTION: StringRule = { max: 512 };
export const POLICY_NAME: StringRule = { min: 1, max: 128 };
export const NEXT_TOKEN: StringRule = { max: 100000 };
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const TAG_KEY: StringRule = { min: 1, max: 128, pattern: TAG_TEXT, described: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$" };
export const TAG_VALUE: StringRule = { min: 0, max: 256, pattern: TAG_TEXT, described: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$" };
export const MAX_TAGS = 50;
export const MAX_RESULTS = { min: 1, max: 20 } as const;

export const POLICY_TYPES = [
  "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY",
  "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2", "SECURITYHUB_POLICY", "INSPECTOR_POLICY", "UPGRADE_ROLLOUT_POLICY",
  "BEDROCK_POLICY", "S3_POLICY", "NETWORK_SECURITY_DIRECTOR_POLICY",
] as const;
export const CREATE_ACCOUNT_STATES = ["IN_PROGRESS", "SUCCEEDED", "FAILED"] as const;
export const FEATURE_SETS = ["ALL", "CONSOLIDATED_BILLING"] as const;
export const BILLING_ACCESS = ["ALLOW", "DENY"] as const;
