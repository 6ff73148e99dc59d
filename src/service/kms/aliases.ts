import { Fault, isFault } from "../../kernel/index.js";
import type { KmsAliasRecord, KmsKeyRecord } from "../../store/index.js";
import { aliasNotFound, invalidState } from "./faults.js";
import type { KmsKeys } from "./keys.js";
import { ALIAS_NAME, requireAliasName } from "./names.js";
import type { KmsCaller, KmsPorts } from "./ports.js";

/** KMS's limit: aliases per account and region. */
export const MAX_ALIASES = 1000;

/**
 * Aliases: `alias/...` names for keys, unique per account and region. An alias may only point
 * at a key of its own account (KMS refuses cross-account aliases) that is not pending deletion.
 */
export class KmsAliases {
  constructor(private readonly ports: KmsPorts, private readonly keys: KmsKeys) {}

  async create(caller: KmsCaller, aliasName: string, target: KmsKeyRecord): Promise<void> {
    requireAliasName(aliasName);
    const key = await this.#target(caller, target);
    const { store, region, clock } = this.ports;
    const now = clock.now();
    try {
      // The store counts the account's aliases in the insert's transaction: racing creates cannot overshoot.
      await store.createAlias({ accountId: caller.accountId, region, aliasName, keyId: key.keyId, createdAt: now, updatedAt: now }, MAX_ALIASES);
    } catch (error) {
      if (isFault(error) && error.kind === "conflict") throw new Fault("already-exists", `An alias with the name arn:aws:kms:${region}:${caller.accountId}:${aliasName} already exists`, { field: "AliasName" });
      throw error;
    }
  }

  /** The alias the caller named in its own account, or NotFound. */
  async get(caller: KmsCaller, aliasName: string): Promise<KmsAliasRecord> {
    if (!ALIAS_NAME.test(aliasName)) throw aliasNotFound("(the AliasName given)");
    const alias = await this.ports.store.getAlias(caller.accountId, this.ports.region, aliasName);
    if (!alias) throw aliasNotFound(aliasName);
    return alias;
  }

  async update(caller: KmsCaller, alias: KmsAliasRecord, target: KmsKeyRecord): Promise<void> {
    requireAliasName(alias.aliasName);
    const key = await this.#target(caller, target);
    const { store, region, clock } = this.ports;
    if (!(await store.updateAlias(caller.accountId, region, alias.aliasName, key.keyId, clock.now()))) throw aliasNotFound(alias.aliasName);
  }

  /** An AWS managed key's alias (`alias/aws/...`) is refused: the key behind it is plinth's to manage. */
  async delete(caller: KmsCaller, alias: KmsAliasRecord): Promise<void> {
    requireAliasName(alias.aliasName);
    if (!(await this.ports.store.deleteAlias(caller.accountId, this.ports.region, alias.aliasName))) throw aliasNotFound(alias.aliasName);
  }

  list(caller: KmsCaller, keyId?: string): Promise<KmsAliasRecord[]> {
    return this.ports.store.listAliases(caller.accountId, this.ports.region, keyId);
  }

  async #target(caller: KmsCaller, target: KmsKeyRecord): Promise<KmsKeyRecord> {
    const key = await this.keys.current(target);
    if (key.accountId !== caller.accountId) throw new Fault("validation", "An alias can only point to a key of the caller's own account", { field: "TargetKeyId" });
    if (key.state === "PendingDeletion") throw invalidState(key.arn, key.state);
    return key;
  }
}
