import { randomInt } from "node:crypto";

/**
 * Identifiers in the shapes AWS Organizations issues (the patterns of the botocore model):
 * `o-` + 10, `r-` + 4, `p-` + 8 lower-case letters or digits, and IAM's `AROA` role ids for
 * the access role CreateAccount leaves in each new account.
 */
const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function randomFrom(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const newOrganizationId = (): string => "o-" + randomFrom(LOWER, 10);
export const newRootId = (): string => "r-" + randomFrom(LOWER, 4);
export const newPolicyId = (): string => "p-" + randomFrom(LOWER, 8);
export const newRoleId = (): string => "AROA" + randomFrom(UPPER, 16);

/**
 * A CreateAccount request that succeeded is named after the account it made, so its status is
 * read from the account itself on any node (`car-` + the 12 digits fits `^car-[a-z0-9]{8,32}$`).
 * Failed requests, which leave no account, get a random id of a different length.
 */
export const succeededRequestId = (accountId: string): string => `car-${accountId}`;
export const failedRequestId = (): string => "car-" + randomFrom(LOWER, 32);

export function accountIdOfRequest(requestId: string): string | undefined {
  return /^car-(\d{12})$/.exec(requestId)?.[1];
}
