import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { CryptoPlugin } from "otplib";

/**
 * TOTP as authenticator apps compute it (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps),
 * through otplib. Seeds are base32 text, 20 random bytes, as IAM's virtual devices use.
 */
export const STEP_SECONDS = 30;

/**
 * otplib's default computes HMAC in pure JavaScript; this one goes through Node's OpenSSL, so in
 * FIPS mode the HMAC-SHA-1 and the seed's random bytes come from the validated provider.
 */
const nodeCrypto: CryptoPlugin = {
  name: "node",
  algorithms: ["sha1"],
  hmac: (algorithm, key, data) => new Uint8Array(createHmac(algorithm, key).update(data).digest()),
  randomBytes: (length) => new Uint8Array(randomBytes(length)),
  constantTimeEqual: (a, b) => {
    const x = bytes(a);
    const y = bytes(b);
    return x.length === y.length && timingSafeEqual(x, y);
  },
};

function bytes(value: string | Uint8Array): Buffer {
  return typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value);
}

/**
 * otplib loads at the first MFA call (a device created, a code checked), not at start-up: most
 * servers never have one, and it stayed resident in every worker (issue 13).
 */
const otplib = (): Promise<typeof import("otplib")> => import("otplib");

export async function newSeed(): Promise<string> {
  return (await otplib()).generateSecret({ length: 20, crypto: nodeCrypto });
}

export const stepAt = (at: Date): number => Math.floor(at.getTime() / 1000 / STEP_SECONDS);

export async function codeAt(seed: string, step: number): Promise<string> {
  return (await otplib()).generate({ secret: seed, epoch: step * STEP_SECONDS, period: STEP_SECONDS, digits: 6, algorithm: "sha1", crypto: nodeCrypto });
}

function same(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The step within ±1 of `now` whose code is `code`, if any (clock drift of up to 30 s either way). */
export async function matchingStep(seed: string, code: string, now: Date): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const current = stepAt(now);
  let found: number | undefined;
  // Every candidate is computed, so the time taken does not say which step matched.
  for (const step of [current - 1, current, current + 1]) {
    if (same(await codeAt(seed, step), code) && found === undefined) found = step;
  }
  return found;
}

/**
 * Two consecutive codes, as EnableMFADevice takes them: the first from step s, the second from
 * s + 1, where s + 1 is at most one step from now (the user may type them over a minute).
 * Answers the later step, which the replay guard then records.
 */
export async function consecutiveSteps(seed: string, first: string, second: string, now: Date): Promise<number | undefined> {
  const current = stepAt(now);
  let found: number | undefined;
  for (const later of [current - 1, current, current + 1]) {
    const ok = same(await codeAt(seed, later - 1), first) && same(await codeAt(seed, later), second);
    if (ok && found === undefined) found = later;
  }
  return found;
}
