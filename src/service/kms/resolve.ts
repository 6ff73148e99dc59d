import type { KmsKeyRecord } from "../../store/index.js";
import { keyNotFound } from "./faults.js";
import { parseKeyName, quoted } from "./names.js";
import type { KmsCaller, KmsPorts, ResolvedKey } from "./ports.js";

/** Which spellings and owners a KeyId member may name (both allowed unless false). */
export interface KeyNaming {
  readonly aliases?: boolean;
  readonly crossAccount?: boolean;
}

/**
 * Turns a KeyId member into the canonical key, once. A bare key id or alias name is the
 * caller's own account's; a key or alias ARN may name another account's key (its key policy
 * then decides). A key whose deletion date has passed is deleted here, before anything can use
 * it, even if the periodic sweep has not reached it yet.
 */
export class KeyResolver {
  constructor(private readonly ports: Pick<KmsPorts, "store" | "clock" | "region" | "changes">) {}

  /**
   * `aliases: false` for the members KMS documents as "key ID or key ARN" (every key operation
   * but DescribeKey and cryptography, and an alias's target): there an alias names nothing.
   * `crossAccount: false` for the operations KMS performs only on the caller's own keys (all
   * management): another account's key is not found however its key policy reads, so a policy
   * granting another account `kms:*` for use does not also hand it deletion or the policy.
   */
  async resolve(caller: KmsCaller, text: string, options: KeyNaming = {}): Promise<ResolvedKey> {
    const resolved = await this.#resolve(caller, text, options);
    if (options.crossAccount === false && resolved.key.accountId !== caller.accountId) throw keyNotFound(quoted(text));
    return resolved;
  }

  async #resolve(caller: KmsCaller, text: string, options: KeyNaming): Promise<ResolvedKey> {
    const name = parseKeyName(text);
    const missing = keyNotFound(quoted(text));
    if (!name || (options.aliases === false && (name.kind === "alias" || name.kind === "alias-arn"))) throw missing;
    const { region, store } = this.ports;
    switch (name.kind) {
      case "id": {
        const key = await this.live(name.keyId);
        if (!key || key.accountId !== caller.accountId || key.region !== region) throw missing;
        return { key };
      }
      case "key-arn": {
        const key = name.region === region ? await this.live(name.keyId) : undefined;
        if (!key || key.arn !== text) throw missing;
        return { key };
      }
      case "alias":
      case "alias-arn": {
        const account = name.kind === "alias" ? caller.accountId : name.accountId;
        const alias = name.kind === "alias" || name.region === region ? await store.getAlias(account, region, name.aliasName) : undefined;
        const key = alias && await this.live(alias.keyId);
        if (!key) throw missing;
        return { key, requestAlias: name.aliasName };
      }
    }
  }

  /** The key by id, unless absent or past its deletion date (then deleted now). */
  async live(keyId: string): Promise<KmsKeyRecord | undefined> {
    const key = await this.ports.store.getKey(keyId);
    if (!key) return undefined;
    if (key.state === "PendingDeletion" && key.deletionDate && key.deletionDate.getTime() <= this.ports.clock.now().getTime()) {
      await this.ports.store.deleteKey(keyId);
      this.ports.changes.notify({ scope: "resource", resourceArn: key.arn });
      return undefined;
    }
    return key;
  }
}
