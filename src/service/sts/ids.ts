import { randomBytes } from "node:crypto";

/**
 * Access key ids tell long-term keys from temporary ones by their prefix, as AWS's do: `AKIA`
 * for an IAM user's keys, `ASIA` for credentials STS issued. Authentication relies on it to
 * decide whether a session token must (or must not) accompany a signature.
 */
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export const TEMPORARY_KEY_ID = /^ASIA[A-Z2-7]{16}$/;
export const LONG_TERM_KEY_ID = /^AKIA[A-Z0-9]{16}$/;

/** `ASIA` + 16 characters of base32: 80 random bits, so ids never collide across nodes. */
export function newTemporaryAccessKeyId(): string {
  const bytes = randomBytes(16);
  let out = "ASIA";
  // 256 is a multiple of 32: taking each byte modulo 32 keeps the characters uniform.
  for (const b of bytes) out += BASE32[b % 32];
  return out;
}

export function isTemporaryKeyId(accessKeyId: string): boolean {
  return TEMPORARY_KEY_ID.test(accessKeyId);
}
