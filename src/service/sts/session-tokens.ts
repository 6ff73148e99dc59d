import { createHash } from "node:crypto";
import { Fault, isFault, sensitive } from "../../kernel/index.js";
import type { Clock, Principal, Sensitive, SessionFacts } from "../../kernel/index.js";
import { envelopeContext } from "../../crypto/index.js";
import type { SecretBox } from "../../crypto/index.js";
import { newSecretAccessKey } from "../identity/ids.js";
import { newTemporaryAccessKeyId } from "./ids.js";
import { decodePayload, encodePayload, frameToken, unframeToken } from "./token-format.js";
import type { PackedSession, SessionPrincipal } from "./token-format.js";

/** Session facts beyond the kernel's that role chaining needs (they persist along a chain). */
export interface StsSessionFacts extends SessionFacts {
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
}

export interface SessionGrant {
  readonly principal: SessionPrincipal;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly mfaAuthenticatedAt?: Date;
  readonly sourceArn?: string;
  readonly sourceIdentity?: string;
  /** Session policies and tags, with `packed` their compressed form (see token-format.ts). */
  readonly session?: { readonly facts: PackedSession; readonly packed: Buffer };
}

export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: Sensitive<string>;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface OpenedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: Sensitive<string>;
  readonly principal: Principal & { readonly session: StsSessionFacts };
}

/** Roughly what an opened session holds in memory beyond its fixed fields (policies and tags dominate). */
function weightOf(session: StsSessionFacts): number {
  let chars = 512;
  for (const policy of session.policies ?? []) chars += policy.length;
  for (const tag of session.tags ?? []) chars += tag.key.length + tag.value.length;
  return chars * 2;
}

/**
 * Bound to the access key id, and (since tokens are sealed under the account's default KMS key
 * rather than the root key) to the session's account and principal ARN: the account chooses the
 * key, so deleting it makes every token of the account unusable. Tokens issued before name the
 * access key id alone and lie under the root key; they open until they expire.
 */
export const sessionTokenContext = (accessKeyId: string, principal?: { readonly accountId: string; readonly arn: string }): Record<string, string> =>
  principal === undefined
    ? { purpose: "session-token", accessKeyId }
    : { purpose: "session-token", accessKeyId, accountId: principal.accountId, resourceArn: principal.arn };

/**
 * Temporary credentials that need no shared state: everything a node must know to verify a
 * request signed with them (the secret, who the session is, its limits and expiry) travels in
 * the token, sealed under the deployment's key, so any node holding that key can open it.
 *
 * Opening costs an envelope decrypt (a few milliseconds); opened tokens are kept in a cache keyed
 * by a hash of the token, bounded both in entries and in the size of the session policies and
 * tags it holds (least recently used first out). Expiry is checked against the clock on every use,
 * cached or not. A token that does not open (altered, truncated, sealed by another deployment)
 * is `undefined`, which authentication reports as an unrecognised token.
 */
export class SessionTokens {
  readonly #cache = new Map<string, { readonly opened: OpenedCredentials; readonly weight: number }>();
  #weight = 0;

  constructor(
    private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly maxEntries = 10_000,
    private readonly maxWeight = 32 * 1024 * 1024,
  ) {}

  async issue(grant: SessionGrant): Promise<IssuedCredentials> {
    const accessKeyId = newTemporaryAccessKeyId();
    const secret = newSecretAccessKey();
    const payload = encodePayload({ ...grant, secretAccessKey: secret }, grant.session?.packed);
    try {
      const sealed = await this.box.seal(payload, sessionTokenContext(accessKeyId, grant.principal));
      return { accessKeyId, secretAccessKey: sensitive(secret), sessionToken: frameToken(accessKeyId, sealed), expiration: grant.expiresAt };
    } finally {
      payload.fill(0);
    }
  }

  /** Throws an "expired-token" Fault for a genuine token past its expiry. */
  async open(token: string): Promise<OpenedCredentials | undefined> {
    const key = createHash("sha256").update(token).digest("base64");
    let entry = this.#cache.get(key);
    if (entry) {
      // Most recently used last, so the least recently used entry is the first one evicted.
      this.#cache.delete(key);
      this.#cache.set(key, entry);
    } else {
      const opened = await this.#open(token);
      if (!opened) return undefined;
      entry = { opened, weight: token.length + weightOf(opened.principal.session) };
      this.#remember(key, entry);
    }
    if (this.clock.now().getTime() >= entry.opened.principal.session.expiresAt.getTime()) {
      this.#forget(key);
      throw new Fault("expired-token", "The security token included in the request is expired");
    }
    return entry.opened;
  }

  #remember(key: string, entry: { readonly opened: OpenedCredentials; readonly weight: number }): void {
    this.#forget(key);
    while (this.#cache.size > 0 && (this.#cache.size >= this.maxEntries || this.#weight + entry.weight > this.maxWeight)) {
      this.#forget(this.#cache.keys().next().value!);
    }
    this.#cache.set(key, entry);
    this.#weight += entry.weight;
  }

  #forget(key: string): void {
    const entry = this.#cache.get(key);
    if (!entry) return;
    this.#cache.delete(key);
    this.#weight -= entry.weight;
  }

  async #open(token: string): Promise<OpenedCredentials | undefined> {
    const framed = unframeToken(token);
    if (!framed) return undefined;
    // The token does not say its account outside the envelope: the header's context does, and
    // the payload's principal must then be the one it names (checked below), or the token is forged.
    const bound = envelopeContext(framed.sealed);
    const claimed = bound?.["accountId"] !== undefined && bound["resourceArn"] !== undefined
      ? { accountId: bound["accountId"], arn: bound["resourceArn"] } : undefined;
    let plaintext: Uint8Array;
    try {
      plaintext = await this.box.open(framed.sealed, sessionTokenContext(framed.accessKeyId, claimed));
    } catch (error) {
      // The box reports any failure to open as an internal fault; for a token that means forged.
      if (isFault(error)) return undefined;
      throw error;
    }
    const facts = decodePayload(plaintext);
    plaintext.fill(0);
    if (!facts) return undefined;
    if (claimed && (facts.principal.accountId !== claimed.accountId || facts.principal.arn !== claimed.arn)) return undefined;
    const packed = facts.packed;
    const session: StsSessionFacts = {
      issuedAt: facts.issuedAt, expiresAt: facts.expiresAt,
      ...(facts.mfaAuthenticatedAt ? { mfaAuthenticatedAt: facts.mfaAuthenticatedAt } : {}),
      ...(packed && packed.policies.length > 0 ? { policies: packed.policies } : {}),
      ...(packed && packed.tags.length > 0 ? { tags: packed.tags } : {}),
      ...(packed && packed.transitiveTagKeys.length > 0 ? { transitiveTagKeys: packed.transitiveTagKeys } : {}),
      ...(facts.sourceArn ? { sourceArn: facts.sourceArn } : {}),
      ...(facts.sourceIdentity ? { sourceIdentity: facts.sourceIdentity } : {}),
    };
    return {
      accessKeyId: framed.accessKeyId,
      secretAccessKey: sensitive(facts.secretAccessKey),
      principal: { ...facts.principal, accessKeyId: framed.accessKeyId, session },
    };
  }
}
