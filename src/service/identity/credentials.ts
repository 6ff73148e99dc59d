import { sensitive } from "../../kernel/index.js";
import { LookupCache } from "./lookup-cache.js";
import type { Clock, Principal, Sensitive } from "../../kernel/index.js";

/** What the identity store holds for an access key; the secret only as ciphertext. */
export interface AccessKeyView {
  readonly accessKeyId: string;
  readonly status: "Active" | "Inactive";
  readonly secretCiphertext: Uint8Array;
  readonly userId: string;
  readonly userName: string;
  readonly accountId: string;
  readonly arn: string;
}

export interface AccessKeySource {
  getAccessKey(accessKeyId: string): Promise<AccessKeyView | undefined>;
}

export interface SecretOpener {
  open(ciphertext: Uint8Array, context: Record<string, string>): Promise<Uint8Array>;
}

export interface ResolvedCredential {
  readonly principal: Principal;
  readonly secretAccessKey: Sensitive<string>;
}

export const accessKeySecretContext = (accessKeyId: string): Record<string, string> => ({ purpose: "access-key-secret", accessKeyId });

/**
 * Looks up access keys for signature verification. Opening a secret costs an envelope decrypt
 * (about a millisecond), so resolved keys are kept for a short time; a key deactivated or
 * deleted stops working within `ttlMs` on every node. Unknown keys are remembered too, so a
 * flood of made-up key ids does not become a flood of database reads.
 */
export class CredentialResolver {
  readonly #cache: LookupCache<ResolvedCredential>;

  constructor(
    private readonly source: AccessKeySource,
    private readonly box: SecretOpener,
    clock: Clock,
    ttlMs = 5_000,
    maxEntries = 10_000,
  ) {
    this.#cache = new LookupCache(clock, (id) => this.#load(id), ttlMs, maxEntries);
  }

  resolve(accessKeyId: string): Promise<ResolvedCredential | undefined> {
    return this.#cache.get(accessKeyId);
  }

  /** Forget a key at once on this node (after a status change or deletion made here). */
  forget(accessKeyId: string): void {
    this.#cache.forget(accessKeyId);
  }

  async #load(accessKeyId: string): Promise<ResolvedCredential | undefined> {
    const view = await this.source.getAccessKey(accessKeyId);
    if (!view || view.status !== "Active") return undefined;
    const secret = await this.box.open(view.secretCiphertext, accessKeySecretContext(accessKeyId));
    return {
      principal: { type: "IAMUser", accountId: view.accountId, arn: view.arn, userId: view.userId, userName: view.userName, accessKeyId },
      secretAccessKey: sensitive(Buffer.from(secret).toString("utf8")),
    };
  }
}
