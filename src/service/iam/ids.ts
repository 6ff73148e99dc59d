import { randomBytes } from "node:crypto";

/**
 * Unique ids as IAM issues them: a four-letter prefix naming the kind of entity and 16
 * characters of base32 (256 is a multiple of 32, so every character is equally likely).
 */
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function uniqueId(prefix: string): string {
  const bytes = randomBytes(16);
  let out = prefix;
  for (const byte of bytes) out += BASE32[byte % 32];
  return out;
}

export const newGroupId = (): string => uniqueId("AGPA");
export const newRoleId = (): string => uniqueId("AROA");
export const newPolicyId = (): string => uniqueId("ANPA");
