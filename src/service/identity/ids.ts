import { randomBytes, randomInt } from "node:crypto";

/** Identifier shapes as AWS issues them: account ids, user ids, access key ids and secrets. */
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

export function newAccountId(): string {
  // 12 digits, never starting with 0 so it survives tools that treat it as a number.
  return String(randomInt(1, 10)) + Array.from({ length: 11 }, () => String(randomInt(0, 10))).join("");
}

export const newUserId = (): string => "AIDA" + randomFrom(BASE32, 16);
export const newAccessKeyId = (): string => "AKIA" + randomFrom(BASE32, 16);

/** 40 characters from the same alphabet AWS secrets use (base64 without padding). */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString("base64");
}

/** IAM's ServiceSpecificCredentialId: AWS's `ACCA` prefix, as access keys have `AKIA`. */
export const newServiceCredentialId = (): string => "ACCA" + randomFrom(BASE32, 16);

/**
 * The public half of a Bedrock long-term API key, as AWS describes it: the user's name, then a
 * suffix (here the account, as service user names carry it, and 8 random characters so each of
 * a user's keys has its own). IAM name characters only, so it never holds the ':' a key splits on.
 */
export const newServiceCredentialAlias = (userName: string, accountId: string): string =>
  `${userName}-at-${accountId}-${randomFrom(BASE32, 8)}`;

/** 48 random bytes (384 bits) as base64: the secret half of a long-term API key. */
export function newServiceCredentialSecret(): string {
  return randomBytes(48).toString("base64");
}
