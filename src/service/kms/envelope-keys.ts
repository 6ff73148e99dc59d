import { randomUUID } from "node:crypto";
import { withMaterial } from "../../crypto/index.js";
import type { CustomerKeys, KeyInfo, SealingKey, SecretBox } from "../../crypto/index.js";
import { Fault, isFault } from "../../kernel/index.js";
import type { Clock } from "../../kernel/index.js";
import type { KmsKeyRecord, KmsStore } from "../../store/index.js";
import { defaultKeyPolicy } from "./default-policy.js";
import { KMS_REASONS } from "./faults.js";
import { ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT } from "./keys.js";
import { MaterialCache } from "./material-cache.js";
import { writeNewMaterial } from "./material.js";
import { keyArn, parseKeyName, quoted } from "./names.js";

/**
 * The alias of each account's plinth-managed default key, as AWS names the key Bedrock uses
 * when a resource names none (`aws/bedrock`, KeyManager AWS). `alias/aws/` is reserved, so no
 * customer can create or repoint it.
 */
export const DEFAULT_KEY_ALIAS = "alias/aws/bedrock";
const DEFAULT_KEY_DESCRIPTION = "Default key that protects my Bedrock data when no other key is defined";

/** How long opened material is kept, and how many key versions at most (see MaterialCache). */
export const MATERIAL_CACHE = { maxAgeMs: 60_000, maxEntries: 256 } as const;

export interface EnvelopeKeyPorts {
  readonly store: KmsStore;
  /** The root-key box that seals key material (never this box's own customer keys: that would be circular). */
  readonly rootBox: SecretBox;
  readonly clock: Clock;
  readonly region: string;
  /** Bounds of the opened-material cache; `{ maxEntries: 0 }` turns it off. */
  readonly materialCache?: { readonly maxAgeMs: number; readonly maxEntries: number };
}

/**
 * plinth's KMS as the SecretBox's key source: material of an enabled key, opened for one message
 * and zeroed after. A key that is disabled, pending deletion or deleted opens nothing, plinth's
 * own reads included: once a key's material is deleted (its window passed), what was sealed
 * under it is unreadable for good (crypto-shredding).
 */
export class KmsEnvelopeKeys implements CustomerKeys {
  readonly #cache: MaterialCache;
  /** Each account's default key, once known: its alias/aws/ alias can be neither moved nor deleted by the customer. */
  readonly #defaults = new Map<string, string>();

  constructor(private readonly ports: EnvelopeKeyPorts) {
    const bounds = ports.materialCache ?? MATERIAL_CACHE;
    this.#cache = new MaterialCache(bounds.maxAgeMs, bounds.maxEntries);
  }

  /**
   * A kmsKeyId as a Bedrock resource names it (key id, key ARN, alias name or alias ARN), of the
   * caller's own account, resolved once to its key ARN. Usability is checked when sealing.
   */
  async resolve(accountId: string, text: string, field: string): Promise<SealingKey> {
    const name = parseKeyName(text);
    // Made only when thrown: an Error captures a stack trace (~10 us), and the known default key
    // is asked for on every guarded call.
    const missing = (): Fault => new Fault("not-found", `KMS key ${quoted(text)} does not exist in this account and region`, { field });
    if (!name) throw missing();
    // The account's default key, once known, is not read again (its alias/aws/ alias can be
    // neither moved nor deleted by the customer): guarded calls ask for it on every request.
    const isDefault = name.kind === "alias" && name.aliasName === DEFAULT_KEY_ALIAS;
    const known = isDefault ? this.#defaults.get(accountId) : undefined;
    if (known !== undefined) return { arn: known };
    const { store, region } = this.ports;
    let keyId: string | undefined;
    if (name.kind === "id" || name.kind === "key-arn") keyId = name.keyId;
    else if (name.kind === "alias" || name.region === region) keyId = (await store.getAlias(name.kind === "alias" ? accountId : name.accountId, region, name.aliasName))?.keyId;
    const key = keyId === undefined ? undefined : await this.#live(keyId);
    if (!key || key.accountId !== accountId || key.region !== region || (name.kind === "key-arn" && key.arn !== text)) throw missing();
    if (isDefault) this.#defaults.set(accountId, key.arn);
    return { arn: key.arn };
  }

  async defaultKey(accountId: string): Promise<SealingKey> {
    const known = this.#defaults.get(accountId);
    if (known !== undefined) return { arn: known };
    const made = await this.#defaultKey(accountId);
    this.#defaults.set(accountId, made.arn);
    return made;
  }

  async #defaultKey(accountId: string): Promise<SealingKey> {
    const { store, region, clock, rootBox } = this.ports;
    const alias = await store.getAlias(accountId, region, DEFAULT_KEY_ALIAS);
    const existing = alias && await this.#live(alias.keyId);
    if (existing) return { arn: existing.arn };
    const keyId = randomUUID();
    const arn = keyArn(region, accountId, keyId);
    const now = clock.now();
    const key: KmsKeyRecord = {
      keyId, accountId, region, arn, description: DEFAULT_KEY_DESCRIPTION, keySpec: SYMMETRIC_DEFAULT, keyUsage: ENCRYPT_DECRYPT,
      // AWS rotates its managed keys every year; so does this one.
      state: "Enabled", createdAt: now, rotationEnabled: true, rotationPeriodDays: 365, currentVersion: 1,
    };
    await writeNewMaterial(rootBox, store, { keyId, keyArn: arn, version: 1, createdAt: now, onDemand: false },
      (material) => store.createKey(key, material, defaultKeyPolicy(accountId), []));
    try {
      await store.createAlias({ accountId, region, aliasName: DEFAULT_KEY_ALIAS, keyId, createdAt: now, updatedAt: now });
    } catch (error) {
      // Two first uses at once: the other made the alias first; its key is the account's default.
      await store.deleteKey(keyId);
      if (!isFault(error) || error.kind !== "conflict") throw error;
      const made = await store.getAlias(accountId, region, DEFAULT_KEY_ALIAS);
      const winner = made && await this.#live(made.keyId);
      if (!winner) throw error;
      return { arn: winner.arn };
    }
    return { arn };
  }

  /** Refuses (as opening would) when the key is disabled, pending deletion or gone: for callers that keep what a key opened. */
  async assertUsable(key: SealingKey): Promise<void> {
    await this.#usable(key.arn);
  }

  async withCurrent<T>(key: SealingKey, fn: (material: Uint8Array, version: number) => Promise<T>): Promise<T> {
    const k = await this.#usable(key.arn);
    return this.#with(k, k.currentVersion, (material) => fn(material, k.currentVersion));
  }

  async withVersion<T>(key: KeyInfo, fn: (material: Uint8Array) => Promise<T>): Promise<T> {
    const k = await this.#usable(key.arn);
    if (key.version > k.currentVersion) throw unreadable(key.arn);
    return this.#with(k, key.version, fn);
  }

  async #with<T>(k: KmsKeyRecord, version: number, fn: (material: Uint8Array) => Promise<T>): Promise<T> {
    const now = this.ports.clock.now().getTime();
    let copy = this.#cache.get(k.keyId, version, now);
    if (!copy) {
      const row = await this.ports.store.getMaterial(k.keyId, version);
      if (!row) throw unreadable(k.arn);
      // withMaterial zeroes its bytes when fn returns, before the promise settles: a copy lives for the message.
      copy = await withMaterial(this.ports.rootBox, row.sealed, k.arn, version, (bytes) => new Uint8Array(bytes));
      this.#cache.put(k.keyId, version, copy, now);
    }
    try {
      return await fn(copy);
    } finally {
      copy.fill(0);
    }
  }

  async #usable(arn: string): Promise<KmsKeyRecord> {
    const keyId = arn.slice(arn.lastIndexOf("/") + 1);
    const k = await this.#live(keyId);
    if (!k || k.arn !== arn) throw shredded(arn);
    if (k.state === "Disabled") throw new Fault("validation", `KMS key ${arn} is disabled: what it protects cannot be read until the key is enabled`, { reason: KMS_REASONS.disabled });
    if (k.state !== "Enabled") throw new Fault("conflict", `KMS key ${arn} is pending deletion: what it protects cannot be read unless the deletion is cancelled`, { reason: KMS_REASONS.invalidState });
    return k;
  }

  /** The key, unless absent or past its deletion date: then its material is deleted now, not at the next sweep. */
  async #live(keyId: string): Promise<KmsKeyRecord | undefined> {
    const key = await this.ports.store.getKey(keyId);
    if (!key) {
      this.#cache.forget(keyId);
      return undefined;
    }
    if (key.state === "PendingDeletion" && key.deletionDate && key.deletionDate.getTime() <= this.ports.clock.now().getTime()) {
      this.#cache.forget(keyId);
      await this.ports.store.deleteKey(keyId);
      return undefined;
    }
    return key;
  }
}

const shredded = (arn: string): Fault =>
  new Fault("not-found", `KMS key ${arn} no longer exists: what was sealed under it cannot be read by anyone`, { field: "kmsKeyArn" });

const unreadable = (arn: string): Fault => new Fault("internal", `a stored value names material KMS key ${arn} never had`);


