import type { Tag } from "../../store/iam-port.js";
import { constraint, invalidInput } from "./errors.js";

/**
 * The IAM API model's constraints (botocore iam 2010-05-08), checked before anything is read or
 * written. Patterns are anchored: the model's are meant to match the whole value. Field names
 * are the members' names as IAM's own messages spell them (`userName`, `maxItems`).
 */
const NAME = /^[\w+=,.@-]+$/;
const PATH = /^(?:\/|\/[\x21-\x7e]+\/)$/;
const PATH_PREFIX = /^\/[\x21-\x7f]*$/;
const POLICY_PATH = /^(?:\/[A-Za-z0-9.,+@=_-]+)*\/$/;
const MARKER = /^[\x20-\xff]+$/;
const DOCUMENT = /^[\t\n\r\x20-\xff]+$/;
const ROLE_DESCRIPTION = /^[\t\n\r\x20-\x7e\xa1-\xff]*$/;
/** Descriptions the model leaves free still go into XML: no control characters, no lone surrogates. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const ACCESS_KEY_ID = /^\w+$/;
const SERIAL_NUMBER = /^[\w+=/:,.@-]+$/;
const AUTH_CODE = /^\d{6}$/;
export const MAX_TAGS = 50;

function length(field: string, value: string, min: number, max: number): void {
  if (value.length < min) throw constraint(field, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw constraint(field, `Member must have length less than or equal to ${max}`);
}

function pattern(field: string, value: string, shape: RegExp, described: string): void {
  if (!shape.test(value)) throw constraint(field, `Member must satisfy regular expression pattern: ${described}`);
}

export function requireValue<T>(field: string, value: T | undefined): T {
  if (value === undefined) throw constraint(field, "Member must not be null");
  return value;
}

/** User and role names (64), group, policy and MFA device names (128); existing user names may be 128. */
export function checkName(field: string, value: string, max: 64 | 128): void {
  length(field, value, 1, max);
  pattern(field, value, NAME, "[\\w+=,.@-]+");
}

export function checkPath(field: string, value: string): void {
  length(field, value, 1, 512);
  pattern(field, value, PATH, "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
}

export function checkPathPrefix(field: string, value: string): void {
  length(field, value, 1, 512);
  pattern(field, value, PATH_PREFIX, "\\u002F[\\u0021-\\u007F]*");
}

export function checkPolicyPath(field: string, value: string): void {
  length(field, value, 1, 512);
  pattern(field, value, POLICY_PATH, "((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");
}

export function checkArn(field: string, value: string): void {
  length(field, value, 20, 2048);
}

export function checkMarker(value: string): void {
  length("marker", value, 1, 320);
  pattern("marker", value, MARKER, "[\\u0020-\\u00FF]+");
}

export function checkMaxItems(value: number): void {
  if (!Number.isInteger(value)) throw constraint("maxItems", "Member must be an integer");
  if (value < 1) throw constraint("maxItems", "Member must have value greater than or equal to 1");
  if (value > 1000) throw constraint("maxItems", "Member must have value less than or equal to 1000");
}

/** A policy document's characters and length as the model allows (size quotas come later). */
export function checkDocument(field: string, value: string): void {
  length(field, value, 1, 131072);
  pattern(field, value, DOCUMENT, "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
}

export function checkRoleDescription(value: string): void {
  length("description", value, 0, 1000);
  pattern("description", value, ROLE_DESCRIPTION, "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");
}

export function checkPolicyDescription(value: string): void {
  length("description", value, 0, 1000);
  if (CONTROL.test(value)) throw invalidInput("description", "The description may not contain control characters.");
}

export function checkMaxSessionDuration(value: number): void {
  if (!Number.isInteger(value)) throw constraint("maxSessionDuration", "Member must be an integer");
  if (value < 3600) throw constraint("maxSessionDuration", "Member must have value greater than or equal to 3600");
  if (value > 43200) throw constraint("maxSessionDuration", "Member must have value less than or equal to 43200");
}

export function checkAccessKeyId(value: string): void {
  length("accessKeyId", value, 16, 128);
  pattern("accessKeyId", value, ACCESS_KEY_ID, "[\\w]+");
}

/** ServiceSpecificCredentialId: serviceSpecificCredentialId in the model, [\w]+ of 20 to 128. */
export function checkServiceCredentialId(value: string): void {
  length("serviceSpecificCredentialId", value, 20, 128);
  pattern("serviceSpecificCredentialId", value, ACCESS_KEY_ID, "[\\w]+");
}

/** CredentialAgeDays: whole days, 1 to 36600 (about a century), as IAM's model bounds it. */
export const MAX_CREDENTIAL_AGE_DAYS = 36600;

export function checkCredentialAgeDays(value: number): void {
  if (!Number.isInteger(value)) throw constraint("credentialAgeDays", "Member must be an integer");
  if (value < 1) throw constraint("credentialAgeDays", "Member must have value greater than or equal to 1");
  if (value > MAX_CREDENTIAL_AGE_DAYS) throw constraint("credentialAgeDays", `Member must have value less than or equal to ${MAX_CREDENTIAL_AGE_DAYS}`);
}

export function checkSerialNumber(value: string): void {
  length("serialNumber", value, 9, 256);
  pattern("serialNumber", value, SERIAL_NUMBER, "[\\w+=/:,.@-]+");
}

export function checkAuthenticationCode(field: string, value: string): void {
  length(field, value, 6, 6);
  pattern(field, value, AUTH_CODE, "[\\d]+");
}

export function checkEnum<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw constraint(field, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
  return value as T;
}

export function checkTagKey(field: string, key: string): void {
  length(field, key, 1, 128);
  pattern(field, key, TAG_KEY, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
  if (/^aws:/i.test(key)) throw invalidInput(field, "Tag keys beginning with 'aws:' are reserved for AWS use.");
}

/** Tags as CreateUser, CreateRole, TagUser... take them: at most 50, keys unique without regard to case. */
export function checkTags(field: string, tags: readonly Tag[]): void {
  if (tags.length > MAX_TAGS) throw constraint(field, `Member must have length less than or equal to ${MAX_TAGS}`);
  const seen = new Set<string>();
  tags.forEach((tag, i) => {
    checkTagKey(`${field}.${i + 1}.member.key`, tag.key);
    length(`${field}.${i + 1}.member.value`, tag.value, 0, 256);
    pattern(`${field}.${i + 1}.member.value`, tag.value, TAG_VALUE, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    const folded = tag.key.toLowerCase();
    if (seen.has(folded)) throw invalidInput(field, "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    seen.add(folded);
  });
}

export function checkTagKeys(field: string, keys: readonly string[]): void {
  if (keys.length > MAX_TAGS) throw constraint(field, `Member must have length less than or equal to ${MAX_TAGS}`);
  keys.forEach((key, i) => {
    length(`${field}.${i + 1}.member`, key, 1, 128);
    pattern(`${field}.${i + 1}.member`, key, TAG_KEY, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
  });
}
