import { invalid } from "../kernel/index.js";

/**
 * Shapes the store relies on. They are checked again here, not only at the API edge, because
 * the schema depends on them: user names must be ASCII for case-insensitive uniqueness to mean
 * the same on SQLite and PostgreSQL, and timestamps must fit the fixed-width ISO text form.
 */
export const ACCOUNT_ID = /^\d{12}$/;
export const USER_ID = /^AIDA[A-Z0-9]{16}$/;
export const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{16}$/;
/** IAM's ServiceSpecificCredentialId as plinth issues it. */
export const SERVICE_CREDENTIAL_ID = /^ACCA[A-Z0-9]{16}$/;
/** A service credential's public alias: IAM name characters only, so never the ':' a key splits on. */
export const SERVICE_CREDENTIAL_ALIAS = /^[\w+=,.@-]{1,200}$/;
export const USER_NAME = /^[\w+=,.@-]{1,64}$/;
export const USER_PATH = /^\/(?:[\x21-\x7e]*\/)?$/;
export const GROUP_ID = /^AGPA[A-Z0-9]{16}$/;
export const ROLE_ID = /^AROA[A-Z0-9]{16}$/;
export const POLICY_ID = /^ANPA[A-Z0-9]{16}$/;
/** Role names, as user names: 1 to 64 of IAM's name characters. */
export const ROLE_NAME = USER_NAME;
/** Group, managed-policy and inline-policy names: 1 to 128 of IAM's name characters. */
export const LONG_NAME = /^[\w+=,.@-]{1,128}$/;
/** IAM paths (users, groups, roles, policies): `/` or `/a/b/`, at most 512 characters. */
export const IAM_PATH = /^(?=.{1,512}$)\/(?:[\x21-\x7e]*\/)?$/;
/** A `PathPrefix` filter: `/` followed by printable ASCII. */
export const PATH_PREFIX = /^\/[\x21-\x7e]{0,511}$/;
/** `arn:aws:iam::<account>:mfa/<path><name>`: the account and the device name are captured. */
export const MFA_SERIAL = /^arn:aws:iam::(\d{12}):mfa\/(?:[\x21-\x2e\x30-\x7e]+\/)*([\w+=,.@-]{1,226})$/;
/** Organizations' own patterns (the store keeps them as AWS documents them). */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
export const SCP_ID = /^p-[0-9a-zA-Z_]{8,128}$/;

/**
 * The ARN IAM gives a named entity. The store refuses a record whose ARN differs: tags and
 * boundaries are found by ARN, and the account in an ARN decides which counter a change bumps.
 */
export function requireIamArn(arn: string, accountId: string, type: "user" | "group" | "role" | "policy", path: string, name: string): void {
  if (arn !== `arn:aws:iam::${accountId}:${type}${path}${name}`) throw invalid("arn", `must be arn:aws:iam::${accountId}:${type}${path}${name}`);
}

export function requireShape(field: string, value: string, shape: RegExp, described: string): void {
  if (!shape.test(value)) throw invalid(field, described);
}

/** The stored form of a time: ISO-8601 UTC with milliseconds, 24 characters. */
export function isoTime(field: string, at: Date): string {
  const year = at.getUTCFullYear();
  if (!Number.isFinite(at.getTime()) || year < 0 || year > 9999) throw invalid(field, "must be a valid time between years 0000 and 9999");
  return at.toISOString();
}

/** Views the bytes as a Buffer without copying: both drivers bind Buffers as blob/bytea. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A plain Uint8Array copy, so callers never hold a driver's Buffer. */
export function asBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value);
}
