import type { SecretBox } from "../../crypto/index.js";
import type { Clock } from "../../kernel/index.js";
import type { KmsKeyRecord, KmsStore, ResourcePolicyStore } from "../../store/index.js";
import type { PolicyCompiler } from "../organizations/index.js";
import type { PolicyChanges } from "../policy-changes.js";

/** Who calls, as the KMS use cases need it: the account (key ids and aliases are per account) and the caller's ARN. */
export interface KmsCaller {
  readonly accountId: string;
}

/**
 * The lockout safety check (CreateKey, PutKeyPolicy): whether the caller, under the proposed key
 * policy, could still call PutKeyPolicy on the key. Supplied by the composition root, which
 * holds the authorizer; the use case only asks.
 */
export type LockoutCheck = (keyArn: string, document: string) => Promise<boolean>;

export interface KmsPorts {
  readonly store: KmsStore;
  /** Where key policies live (one resource policy per key ARN), as the authorizer reads them. */
  readonly policies: ResourcePolicyStore;
  /** Seals key material under the root key; the store never sees it in clear. */
  readonly box: SecretBox;
  readonly clock: Clock;
  /** The deployment's region: key and alias ARNs of other regions name nothing here. */
  readonly region: string;
  /** Validates key policies (a `key` policy: Principal required, KMS's 32 KB limit). */
  readonly compile: PolicyCompiler;
  /** Told after a key policy changes or a key goes, so this node's authorizer re-reads it at once. */
  readonly changes: PolicyChanges;
  /**
   * How many keys an account may hold in this region, every state counted (KMS's quota is
   * 100,000); past it CreateKey is refused. Each key holds sealed material, so without a bound a
   * caller could grow the store without limit. Defaults to KMS's figure.
   */
  readonly maxKeysPerAccount?: number;
}

/**
 * A key as resolved once from what the caller named (id, key ARN, alias name or alias ARN):
 * authorisation, audit and the use case all act on `key.arn`. `requestAlias` is the alias the
 * caller named, if any (the kms:RequestAlias condition key).
 */
export interface ResolvedKey {
  readonly key: KmsKeyRecord;
  readonly requestAlias?: string;
}
