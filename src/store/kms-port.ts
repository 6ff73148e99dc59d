import type { Tag } from "./iam-port.js";

/** KMS key states plinth uses (KMS's KeyState values). */
export type KmsKeyState = "Enabled" | "Disabled" | "PendingDeletion";

/** A customer-managed key's metadata; its material and policy are kept apart. */
export interface KmsKeyRecord {
  /** A UUID, unique across the deployment. */
  readonly keyId: string;
  readonly accountId: string;
  readonly region: string;
  /** `arn:aws:kms:<region>:<account>:key/<keyId>`. */
  readonly arn: string;
  readonly description: string;
  readonly keySpec: string;
  readonly keyUsage: string;
  readonly state: KmsKeyState;
  readonly createdAt: Date;
  /** Set while the key is PendingDeletion: when it is deleted. */
  readonly deletionDate?: Date;
  readonly pendingWindowDays?: number;
  readonly rotationEnabled: boolean;
  /** Set while rotation is enabled. */
  readonly rotationPeriodDays?: number;
  /** The material version new encryptions use; every earlier one still decrypts. */
  readonly currentVersion: number;
  /**
   * The key's last cryptographic use, recorded at most once a day (so up to a day early);
   * absent when it was never used.
   */
  readonly lastUsedAt?: Date;
}

/** One version of a key's material: 32 bytes, sealed by the SecretBox before the store sees it. */
export interface KmsMaterialRecord {
  readonly keyId: string;
  readonly version: number;
  readonly sealed: Uint8Array;
  readonly createdAt: Date;
  /** Made by RotateKeyOnDemand (as opposed to creation or automatic rotation). */
  readonly onDemand: boolean;
}

export interface KmsAliasRecord {
  readonly accountId: string;
  readonly region: string;
  /** `alias/...`, as given (KMS compares alias names case-sensitively). */
  readonly aliasName: string;
  readonly keyId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What may change on a key after creation. */
export type KmsKeyChanges = Partial<Pick<KmsKeyRecord, "state" | "rotationEnabled">> & {
  readonly deletionDate?: Date | null;
  readonly pendingWindowDays?: number | null;
  readonly rotationPeriodDays?: number | null;
};

export interface KmsStore {
  /**
   * The key, its first material, its key policy (a resource policy by the key's ARN) and tags, in
   * one transaction. An unknown account is a "not-found" Fault; when the account already holds
   * `maxKeys` keys in the key's region (counted in that transaction, so racing creates cannot
   * overshoot), a "service-quota-exceeded" Fault.
   */
  createKey(key: KmsKeyRecord, material: KmsMaterialRecord, policy: string, tags: readonly Tag[], maxKeys?: number): Promise<void>;
  getKey(keyId: string): Promise<KmsKeyRecord | undefined>;
  /** The account's keys in a region, oldest first, after `afterKeyId` when given. */
  listKeys(accountId: string, region: string, limit: number, afterKeyId?: string): Promise<KmsKeyRecord[]>;
  /** False when the key does not exist. */
  updateKey(keyId: string, changes: KmsKeyChanges): Promise<boolean>;
  /**
   * Records a cryptographic use of the key at `at`, unless one after `at` minus `granularityMs`
   * is already recorded: one write per key per period, however busy the key.
   */
  recordUse(keyId: string, at: Date, granularityMs: number): Promise<void>;
  /** Adds a material version and makes it current, in one transaction. */
  rotate(material: KmsMaterialRecord): Promise<void>;
  getMaterial(keyId: string, version: number): Promise<KmsMaterialRecord | undefined>;
  listMaterial(keyId: string): Promise<KmsMaterialRecord[]>;
  /** Every key's material, ordered by key id then version, after `after` when given: the root rotation's sweep. */
  materialPage(limit: number, after?: { readonly keyId: string; readonly version: number }): Promise<KmsMaterialRecord[]>;
  /**
   * Replaces a version's sealed form with the same material sealed anew (under a newer root key
   * version), only while it still holds `expected`; false when it changed or is gone (deleted).
   */
  replaceMaterial(keyId: string, version: number, expected: Uint8Array, sealed: Uint8Array): Promise<boolean>;
  /**
   * The key and everything of it (material, aliases, tags, policy), for good: on SQLite the
   * write-ahead log, which still holds the material as it was, is emptied before this resolves.
   * False when absent.
   */
  deleteKey(keyId: string): Promise<boolean>;
  /** Keys of every account with automatic rotation enabled. */
  rotatingKeys(): Promise<KmsKeyRecord[]>;
  /** Keys of every account whose deletion date is at or before `now`. */
  keysDueForDeletion(now: Date): Promise<string[]>;

  /**
   * An existing name is a "conflict" Fault; when the account already has `maxAliases` aliases in
   * the region (counted in the insert's transaction), a "service-quota-exceeded" Fault.
   */
  createAlias(alias: KmsAliasRecord, maxAliases?: number): Promise<void>;
  getAlias(accountId: string, region: string, aliasName: string): Promise<KmsAliasRecord | undefined>;
  /** Sorted by name; only the key's when `keyId` is given. */
  listAliases(accountId: string, region: string, keyId?: string): Promise<KmsAliasRecord[]>;
  /** False when the alias does not exist. */
  updateAlias(accountId: string, region: string, aliasName: string, keyId: string, at: Date): Promise<boolean>;
  deleteAlias(accountId: string, region: string, aliasName: string): Promise<boolean>;

  /** Adds or replaces tags by key. */
  tagKey(keyId: string, tags: readonly Tag[]): Promise<void>;
  untagKey(keyId: string, tagKeys: readonly string[]): Promise<void>;
  /** Sorted by key. */
  listTags(keyId: string): Promise<Tag[]>;
}
