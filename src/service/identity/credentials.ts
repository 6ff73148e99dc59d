import type { SecretBox } from "../../crypto/index.js";
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

export type SecretOpener = Pick<SecretBox, "open" | "sealedUnder">;

export interface ResolvedCredential {
  readonly principal: Principal;
  readonly secretAccessKey: Sensitive<string>;
}

/**
 * The context an access key's secret is sealed under. It binds the key's account, which also
 * chooses the key it is sealed under (the account's plinth-managed default key); secrets sealed
 * before accounts were bound name only the access key id (and lie under the root key).
 */
export const accessKeySecretContext = (accessKeyId: string, accountId?: string): Record<string, string> =>
  ({ purpose: "access-key-secret", accessKeyId, ...(accountId !== undefined ? { accountId } : {}) });

/**
 * An access key's secret, whichever form it was sealed in. A secret under a KMS key is always the
 * account-bound form, so only a root-key secret is tried a second time, as the older form.
 */
export async function openAccessKeySecret(box: SecretOpener, sealed: Uint8Array, accessKeyId: string, accountId: string): Promise<Uint8Array> {
  try {
    return await box.open(sealed, accessKeySecretContext(accessKeyId, accountId));
  } catch (error) {
    if (box.sealedUnder(sealed)) throw error;
    return box.open(sealed, accessKeySecretContext(accessKeyId));
  }
}

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
    const secret = await openAccessKeySecret(this.box, view.secretCiphertext, accessKeyId, view.accountId);
    return {
      principal: { type: "IAMUser", accountId: view.accountId, arn: view.arn, userId: view.userId, userName: view.userName, accessKeyId },
      secretAccessKey: sensitive(Buffer.from(secret).toString("utf8")),
    };
  }
}
