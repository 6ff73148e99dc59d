import { randomUUID } from "node:crypto";
import { Fault } from "../../kernel/index.js";
import type { KmsKeyRecord, Tag } from "../../store/index.js";
import { describeProblems } from "../organizations/index.js";
import { KEY_POLICY_MAX_CHARACTERS, defaultKeyPolicy } from "./default-policy.js";
import { disabled, invalidState, keyNotFound, unsupported } from "./faults.js";
import { writeNewMaterial } from "./material.js";
import { keyArn } from "./names.js";
import type { KmsCaller, KmsPorts, LockoutCheck } from "./ports.js";
import { KeyResolver } from "./resolve.js";
import { checkTags } from "./tags.js";

export const SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
export const ENCRYPT_DECRYPT = "ENCRYPT_DECRYPT";
/** KMS's quota of keys per account and region (AWS KMS quotas: "Keys per account per Region"). */
export const MAX_KEYS_PER_ACCOUNT = 100_000;
const DAY_MS = 86_400_000;
/** Aliases KMS reserves for AWS managed keys. */
const AWS_MANAGED_ALIAS = /^alias\/aws\//;

export interface CreateKeyInput {
  readonly description: string;
  readonly policy?: string;
  readonly bypassPolicyLockoutSafetyCheck: boolean;
  readonly tags: readonly Tag[];
}

export interface KeyPage {
  readonly keys: readonly KmsKeyRecord[];
  /** The key id to continue after, when more follow. */
  readonly nextMarker?: string;
}

/**
 * A customer-managed key's life: creation (with its first material and key policy), enabling
 * and disabling, deletion scheduled 7 to 30 days ahead and cancelled, key policy, tags. Every
 * method takes the key as resolved once (`KeyResolver`) and re-reads it by id, so a state that
 * changed since is seen.
 */
export class KmsKeys {
  readonly resolver: KeyResolver;
  readonly #maxKeys: number;

  constructor(private readonly ports: KmsPorts) {
    this.resolver = new KeyResolver(ports);
    this.#maxKeys = ports.maxKeysPerAccount ?? MAX_KEYS_PER_ACCOUNT;
    if (!Number.isSafeInteger(this.#maxKeys) || this.#maxKeys < 1) throw new RangeError(`maxKeysPerAccount must be a positive integer, not ${this.#maxKeys}`);
  }

  async create(caller: KmsCaller, input: CreateKeyInput, lockout?: LockoutCheck): Promise<KmsKeyRecord> {
    const { store, box, clock, region } = this.ports;
    const keyId = randomUUID();
    const arn = keyArn(region, caller.accountId, keyId);
    const policy = input.policy ?? defaultKeyPolicy(caller.accountId);
    if (input.policy !== undefined) await this.#checkPolicy(arn, input.policy, input.bypassPolicyLockoutSafetyCheck, lockout);
    checkTags(input.tags);
    const now = clock.now();
    const key: KmsKeyRecord = {
      keyId, accountId: caller.accountId, region, arn, description: input.description, keySpec: SYMMETRIC_DEFAULT, keyUsage: ENCRYPT_DECRYPT,
      state: "Enabled", createdAt: now, rotationEnabled: false, currentVersion: 1,
    };
    await writeNewMaterial(box, store, { keyId, keyArn: arn, version: 1, createdAt: now, onDemand: false },
      (material) => store.createKey(key, material, policy, input.tags, this.#maxKeys));
    return key;
  }

  /** The key as it is now (it may have changed since it was resolved). */
  async current(key: KmsKeyRecord): Promise<KmsKeyRecord> {
    const now = await this.resolver.live(key.keyId);
    if (!now) throw keyNotFound(key.arn);
    return now;
  }

  /**
   * The key as it is now, if the customer may manage it. An AWS managed key (one behind an
   * `alias/aws/...` alias, such as the account's default key for Bedrock data) is plinth's to
   * manage: disabling, deleting, re-policying or tagging it would make what plinth sealed under
   * it unreadable without the customer having asked for that by name, so KMS refuses it.
   */
  async manageable(key: KmsKeyRecord): Promise<KmsKeyRecord> {
    const k = await this.current(key);
    if (await this.#awsManaged(k)) {
      throw unsupported("KeyId", k.arn, "customer managed keys; this is an AWS managed key, which plinth manages (its material is rotated yearly and it cannot be disabled, deleted, re-policied or tagged)");
    }
    return k;
  }

  /** DescribeKey: the key as it is now and who manages it (KMS's KeyManager). */
  async describe(key: KmsKeyRecord): Promise<{ readonly key: KmsKeyRecord; readonly keyManager: "AWS" | "CUSTOMER" }> {
    const k = await this.current(key);
    return { key: k, keyManager: (await this.#awsManaged(k)) ? "AWS" : "CUSTOMER" };
  }

  async #awsManaged(k: KmsKeyRecord): Promise<boolean> {
    const aliases = await this.ports.store.listAliases(k.accountId, k.region, k.keyId);
    return aliases.some((a) => AWS_MANAGED_ALIAS.test(a.aliasName));
  }

  async list(caller: KmsCaller, limit: number, marker?: string): Promise<KeyPage> {
    const rows = await this.ports.store.listKeys(caller.accountId, this.ports.region, limit + 1, marker);
    const keys = rows.slice(0, limit);
    return rows.length > limit ? { keys, nextMarker: keys.at(-1)!.keyId } : { keys };
  }

  async enable(key: KmsKeyRecord): Promise<void> {
    const k = await this.manageable(key);
    if (k.state === "PendingDeletion") throw invalidState(k.arn, k.state);
    await this.ports.store.updateKey(k.keyId, { state: "Enabled" });
  }

  async disable(key: KmsKeyRecord): Promise<void> {
    const k = await this.manageable(key);
    if (k.state === "PendingDeletion") throw invalidState(k.arn, k.state);
    await this.ports.store.updateKey(k.keyId, { state: "Disabled" });
  }

  /** KMS: the key is deleted after 7 to 30 days; until then it can be cancelled and nothing can use it. */
  async scheduleDeletion(key: KmsKeyRecord, windowDays: number): Promise<KmsKeyRecord> {
    const k = await this.manageable(key);
    if (k.state === "PendingDeletion") throw invalidState(k.arn, k.state);
    const deletionDate = new Date(this.ports.clock.now().getTime() + windowDays * 86_400_000);
    await this.ports.store.updateKey(k.keyId, { state: "PendingDeletion", deletionDate, pendingWindowDays: windowDays });
    return { ...k, state: "PendingDeletion", deletionDate, pendingWindowDays: windowDays };
  }

  /** As in KMS, a key whose deletion is cancelled comes back Disabled. */
  async cancelDeletion(key: KmsKeyRecord): Promise<void> {
    const k = await this.manageable(key);
    if (k.state !== "PendingDeletion") throw invalidState(k.arn, k.state);
    await this.ports.store.updateKey(k.keyId, { state: "Disabled", deletionDate: null, pendingWindowDays: null });
  }

  async getPolicy(key: KmsKeyRecord): Promise<string> {
    const document = await this.ports.policies.get(key.arn);
    if (document === undefined) throw new Fault("internal", "a key has no key policy");
    return document;
  }

  async putPolicy(key: KmsKeyRecord, document: string, bypass: boolean, lockout?: LockoutCheck): Promise<void> {
    const k = await this.manageable(key);
    if (k.state === "PendingDeletion") throw invalidState(k.arn, k.state);
    await this.#checkPolicy(k.arn, document, bypass, lockout);
    await this.ports.policies.put(k.arn, k.accountId, document);
    this.ports.changes.notify({ scope: "resource", resourceArn: k.arn });
  }

  async tag(key: KmsKeyRecord, tags: readonly Tag[]): Promise<void> {
    const k = await this.manageable(key);
    if (k.state === "PendingDeletion") throw invalidState(k.arn, k.state);
    checkTags(tags, (await this.ports.store.listTags(k.keyId)).map((t) => t.key));
    await this.ports.store.tagKey(k.keyId, tags);
  }

  async untag(key: KmsKeyRecord, tagKeys: readonly string[]): Promise<void> {
    const k = await this.manageable(key);
    if (k.state === "PendingDeletion") throw invalidState(k.arn, k.state);
    await this.ports.store.untagKey(k.keyId, tagKeys);
  }

  listTags(key: KmsKeyRecord): Promise<Tag[]> {
    return this.ports.store.listTags(key.keyId);
  }

  /**
   * Notes a cryptographic use of the key (for kms:TrailingDaysWithoutKeyUsage). A key whose use
   * is already recorded within the day is not written again, so Encrypt and Decrypt stay reads.
   */
  async recordUse(k: KmsKeyRecord): Promise<void> {
    const now = this.ports.clock.now();
    if (k.lastUsedAt !== undefined && now.getTime() - k.lastUsedAt.getTime() < DAY_MS) return;
    await this.ports.store.recordUse(k.keyId, now, DAY_MS);
  }

  /**
   * kms:TrailingDaysWithoutKeyUsage: whole days since the key's last cryptographic use, or since
   * its creation when it was never used. A use is recorded only when the recorded one is a day
   * old, so the real last use lies within the day after the recorded one: the count is taken
   * from the end of that day. Erring low is the safe side for both kinds of policy, a Deny of
   * deleting recently used keys and an Allow of deleting long-unused ones.
   */
  trailingDaysWithoutUse(k: KmsKeyRecord): number {
    const since = k.lastUsedAt === undefined ? k.createdAt.getTime() : k.lastUsedAt.getTime() + DAY_MS;
    return Math.max(0, Math.floor((this.ports.clock.now().getTime() - since) / DAY_MS));
  }

  /** Refused for a key that cannot be used for cryptography now. */
  usable(k: KmsKeyRecord): KmsKeyRecord {
    if (k.state === "Disabled") throw disabled(k.arn);
    if (k.state !== "Enabled") throw invalidState(k.arn, k.state);
    return k;
  }

  /** Deletes every key whose window has passed (the periodic sweep); answers how many. */
  async sweep(): Promise<number> {
    const due = await this.ports.store.keysDueForDeletion(this.ports.clock.now());
    let deleted = 0;
    for (const keyId of due) if (!(await this.resolver.live(keyId))) deleted++;
    return deleted;
  }

  async #checkPolicy(arn: string, document: string, bypass: boolean, lockout: LockoutCheck | undefined): Promise<void> {
    const compiled = this.ports.compile(document, "key", arn, { maxLength: KEY_POLICY_MAX_CHARACTERS });
    if (!compiled.ok) throw new Fault("malformed-policy", `The key policy is not valid: ${describeProblems(compiled.problems)}`, { field: "Policy" });
    if (!bypass && lockout && !(await lockout(arn, document))) {
      throw new Fault("malformed-policy", "The new key policy will not allow you to update the key policy in the future.", { field: "Policy" });
    }
  }
}
