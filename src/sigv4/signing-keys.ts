import { createHmac } from "node:crypto";
import { invalid } from "../kernel/index.js";
import type { Sensitive } from "../kernel/index.js";
import { SCOPE_TERMINATOR } from "./credential.js";
import type { CredentialScope } from "./types.js";

function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** kSigning: the secret HMAC-chained through the scope's date, region, service and terminator. */
export function deriveSigningKey(secret: string, scope: CredentialScope): Buffer {
  let key = hmac(`AWS4${secret}`, scope.date);
  for (const step of [scope.region, scope.service, SCOPE_TERMINATOR]) key = hmac(key, step);
  return key;
}

export const DEFAULT_SIGNING_KEYS = 1024;

interface Entry {
  /** The secret the key was derived from: a rotated secret must not reuse the old key. */
  readonly secret: string;
  readonly key: Buffer;
}

/**
 * Derived signing keys by (access key, date, region, service). A key is good for a whole day
 * and deriving it costs four HMACs, which were most of a verification's crypto. The cache is
 * bounded (oldest out first) and learns a key only from a signature that verified, so forged
 * requests cannot churn it. It holds the same secret strings the credential store hands out.
 */
export class SigningKeyCache {
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();

  constructor(maxEntries = DEFAULT_SIGNING_KEYS) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1 || maxEntries > 1_000_000) {
      throw invalid("maxEntries", "Member must be a whole number between 1 and 1000000");
    }
    this.#max = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The key for this scope: cached when `secret` is the one it was derived from, else derived. */
  key(accessKeyId: string, secret: Sensitive<string>, scope: CredentialScope): { key: Buffer; cached: boolean } {
    const revealed = secret.reveal();
    const hit = this.#entries.get(idOf(accessKeyId, scope));
    // Both strings are server-side (store vs. cache), so a plain comparison leaks nothing a caller chose.
    if (hit !== undefined && hit.secret === revealed) return { key: hit.key, cached: true };
    return { key: deriveSigningKey(revealed, scope), cached: false };
  }

  /** Keeps a key that has just verified a signature. */
  remember(accessKeyId: string, secret: Sensitive<string>, scope: CredentialScope, key: Buffer): void {
    const id = idOf(accessKeyId, scope);
    if (!this.#entries.delete(id) && this.#entries.size >= this.#max) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(id, { secret: secret.reveal(), key });
  }
}

/** '/' cannot occur in any of the parts (parse checked their shapes), so the id is unambiguous. */
function idOf(accessKeyId: string, scope: CredentialScope): string {
  return `${accessKeyId}/${scope.date}/${scope.region}/${scope.service}`;
}
