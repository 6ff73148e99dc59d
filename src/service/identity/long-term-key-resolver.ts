import { createHash, timingSafeEqual } from "node:crypto";
import { LookupCache } from "./lookup-cache.js";
import { Fault } from "../../kernel/index.js";
import type { Clock, Principal, Sensitive } from "../../kernel/index.js";
import type { ServiceCredentialWithOwner } from "../../store/index.js";
import type { SecretOpener } from "./credentials.js";
import { parseLongTermKey } from "./long-term-api-key.js";

export interface ServiceCredentialSource {
  getByAlias(alias: string): Promise<ServiceCredentialWithOwner | undefined>;
}

/** The service Bedrock API keys are issued for (IAM's ServiceName). */
export const BEDROCK_SERVICE_NAME = "bedrock.amazonaws.com";

/**
 * Bound to the credential, its owner's account and ARN: the account makes the box seal it under
 * that account's default KMS key, so deleting the key erases the secret. Secrets stored before
 * name the credential alone and lie under the root key; they still open (openServiceCredentialSecret)
 * and are resealed in the new form at start.
 */
export const serviceCredentialSecretContext = (credentialId: string, owner?: { readonly accountId: string; readonly arn: string }): Record<string, string> =>
  owner === undefined
    ? { purpose: "service-credential-secret", credentialId }
    : { purpose: "service-credential-secret", credentialId, accountId: owner.accountId, resourceArn: owner.arn };

/** A credential's secret, whichever form it was sealed in; only a root-key secret is tried again as the older form. */
export async function openServiceCredentialSecret(box: SecretOpener, found: ServiceCredentialWithOwner): Promise<Uint8Array> {
  try {
    return await box.open(found.secretCiphertext, serviceCredentialSecretContext(found.credentialId, found));
  } catch (error) {
    if (box.sealedUnder(found.secretCiphertext)) throw error;
    return box.open(found.secretCiphertext, serviceCredentialSecretContext(found.credentialId));
  }
}

/** What is kept of a credential between requests: a digest of its secret, never the secret. */
interface Known {
  readonly principal: Principal;
  readonly digest: Buffer;
  readonly serviceName: string;
  readonly active: boolean;
  readonly expiresAt?: Date;
}

const sha256 = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();
/** Compared against when the alias is unknown, so the time taken does not say whether it exists. */
const NOTHING = sha256("");

const invalidKey = (): Fault => new Fault("unrecognized-client", "The API key included in the request is invalid.");

/**
 * Authenticates Bedrock long-term API keys (IAM service-specific credentials): the key names its
 * credential by alias, and its secret must match the sealed one, compared in constant time (as
 * SHA-256 digests, so their lengths leak nothing either). A credential read is kept for `ttlMs`
 * with a digest of its secret: a key deactivated, reset or deleted on another node stops working
 * within that time, and at once on the node that changed it (`forget`). The owning user is the
 * principal, so the user's policies decide what the key may do. Messages never quote the key.
 */
export class LongTermKeyResolver {
  readonly #cache: LookupCache<Known>;

  constructor(
    private readonly source: ServiceCredentialSource,
    private readonly box: SecretOpener,
    private readonly clock: Clock,
    ttlMs = 5_000,
    maxEntries = 10_000,
  ) {
    this.#cache = new LookupCache(clock, (alias) => this.#load(alias), ttlMs, maxEntries);
  }

  /** The owning user; an "unrecognized-client" Fault for a bad, inactive or deleted key, "expired-token" for an expired one. */
  async authenticate(key: Sensitive<string>, serviceName = BEDROCK_SERVICE_NAME): Promise<Principal> {
    const parts = parseLongTermKey(key.reveal());
    if (!parts) throw invalidKey();
    const known = await this.#cache.get(parts.alias);
    const matches = timingSafeEqual(sha256(parts.secret), known?.digest ?? NOTHING);
    if (!known || !matches || known.serviceName !== serviceName || !known.active) throw invalidKey();
    if (known.expiresAt && this.clock.now().getTime() >= known.expiresAt.getTime()) {
      throw new Fault("expired-token", "The API key included in the request is expired.");
    }
    return known.principal;
  }

  /** Forget a credential at once on this node (after a status change, reset or deletion made here). */
  forget(alias: string): void {
    this.#cache.forget(alias);
  }

  async #load(alias: string): Promise<Known | undefined> {
    const found = await this.source.getByAlias(alias);
    if (!found) return undefined;
    const secret = await openServiceCredentialSecret(this.box, found);
    const digest = createHash("sha256").update(secret).digest();
    secret.fill(0);
    return {
      principal: {
        type: "IAMUser", accountId: found.accountId, arn: found.arn, userId: found.userId, userName: found.userName,
        // The credential's id stands where an access key id would: records name the key used, never its secret.
        accessKeyId: found.credentialId,
      },
      digest, serviceName: found.serviceName, active: found.status === "Active",
      ...(found.expiresAt ? { expiresAt: found.expiresAt } : {}),
    };
  }
}
