import { createHash, createHmac, createCipheriv, generateKeyPairSync, getFips, hkdfSync, randomBytes, sign } from "node:crypto";
import { Fault } from "../kernel/index.js";

/**
 * FIPS mode: plinth refuses to start unless Node's crypto is in FIPS mode and every algorithm it
 * uses can be fetched from the FIPS provider. A refusal at start is the point: an operator who
 * asked for FIPS must never be served by a process that quietly fell back to a non-validated
 * implementation, and a missing algorithm found at start names itself instead of failing the
 * first request (or the first audit checkpoint) that needs it.
 */

/** Where the README explains how to build an image with a validated provider. */
export const FIPS_README = "see \"FIPS mode\" in the README";

/** One algorithm plinth uses, what for, and a call that fails when the provider does not offer it. */
export interface FipsAlgorithm {
  readonly name: string;
  readonly use: string;
  readonly probe: () => void;
}

const KEY = new Uint8Array(32).fill(7);

/**
 * Every algorithm plinth itself calls (the audit of src/ is in the README's "FIPS mode" table).
 * Hash-only uses of SHA-1 or MD5 do not appear: plinth has none. TOTP's HMAC-SHA-1 (RFC 6238,
 * what authenticator apps compute) is approved for HMAC with a 160-bit key (SP 800-131A r2).
 */
export const FIPS_ALGORITHMS: readonly FipsAlgorithm[] = [
  { name: "DRBG (randomBytes)", use: "key material, ids, nonces", probe: () => void randomBytes(16) },
  { name: "SHA-256", use: "SigV4, audit Merkle tree, key digests", probe: () => void createHash("sha256").update("x").digest() },
  { name: "HMAC-SHA-256", use: "SigV4 signatures", probe: () => void createHmac("sha256", KEY).update("x").digest() },
  { name: "HMAC-SHA-1", use: "TOTP MFA codes", probe: () => void createHmac("sha1", KEY.subarray(0, 20)).update("x").digest() },
  { name: "AES-256-GCM", use: "KMS key material, stored records", probe: () => void createCipheriv("aes-256-gcm", KEY, KEY.subarray(0, 12)).final() },
  { name: "HKDF-SHA-512", use: "envelope data-key derivation", probe: () => void hkdfSync("sha512", KEY, KEY, "x", 32) },
  { name: "ECDSA P-256", use: "the generated TLS CA and server certificate", probe: () => probeSign("ec", { namedCurve: "P-256" }, "sha256") },
  { name: "Ed25519", use: "audit checkpoint signatures (C2SP signed notes)", probe: () => probeSign("ed25519", {}, null) },
];

function probeSign(type: "ec" | "ed25519", options: { namedCurve?: string }, digest: string | null): void {
  const { privateKey } = type === "ec"
    ? generateKeyPairSync("ec", { namedCurve: options.namedCurve ?? "P-256" })
    : generateKeyPairSync("ed25519");
  sign(digest, Buffer.from("x"), privateKey);
}

/** What the running Node says about itself: getFips(), and the algorithms that failed their probe. */
export interface FipsFacts {
  readonly getFips: number;
  readonly unavailable: readonly FipsAlgorithm[];
}

export type FipsDecision = { readonly start: true } | { readonly start: false; readonly reason: string };

/** The decision alone, a pure function of what was asked and what the runtime reports. */
export function fipsDecision(requested: boolean, facts: FipsFacts): FipsDecision {
  if (!requested) return { start: true };
  if (facts.getFips !== 1) {
    return {
      start: false,
      reason: `FIPS mode was asked for (--fips or server.fips) but Node's crypto is not in FIPS mode (crypto.getFips() is ${facts.getFips}): ` +
        `this Node/OpenSSL has no FIPS provider enabled; ${FIPS_README}`,
    };
  }
  const missing = facts.unavailable[0];
  if (missing !== undefined) {
    return {
      start: false,
      reason: `FIPS mode was asked for but the FIPS provider does not offer ${missing.name}, which plinth needs for ${missing.use}; ${FIPS_README}`,
    };
  }
  return { start: true };
}

/** Probes this process (only when asked: the probes generate keys). */
export function probeFips(algorithms: readonly FipsAlgorithm[] = FIPS_ALGORITHMS): FipsFacts {
  const unavailable = algorithms.filter((algorithm) => {
    try {
      algorithm.probe();
      return false;
    } catch {
      return true;
    }
  });
  return { getFips: getFips(), unavailable };
}

/** Throws the refusal as a one-line Fault; `probe` is replaceable so the start path can be tested on any machine. */
export function assertFipsReady(requested: boolean, probe: () => FipsFacts = probeFips): void {
  if (!requested) return;
  const decision = fipsDecision(true, probe());
  if (!decision.start) throw new Fault("internal", decision.reason, { reason: "fips-unavailable" });
}
