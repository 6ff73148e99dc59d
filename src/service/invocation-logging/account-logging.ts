import type { SecretBox } from "../../crypto/index.js";
import { invalid, withinAge } from "../../kernel/index.js";
import type { Clock } from "../../kernel/index.js";
import type { InvocationLoggingStore } from "../../store/index.js";
import { recordContext } from "./invocation-record.js";
import type { ModelInvocationLog } from "./invocation-record.js";
import { loggingConfigFromJson, loggingConfigToJson } from "./logging-config.js";
import type { LoggingConfig } from "./logging-config.js";

/** How long a configuration read is reused: a change is seen within this, on every node. */
const CACHE_MS = 1_000;

export interface InvocationLoggingPolicy {
  /** The deployment forbids content logging altogether (e.g. health data). */
  readonly forbidden: boolean;
  /** Accounts for which content logging is forbidden (e.g. the ones holding health data). */
  readonly forbiddenAccounts: readonly string[];
  readonly retentionDays: number;
}

/**
 * Accounts' model invocation logging: off until an account puts a configuration, refused on a
 * deployment or for an account that forbids content logging, and each record sealed under the
 * secret box before it reaches the store. A configuration stored before its account became
 * forbidden stays stored (Delete still removes it) but reads as off: nothing is recorded under it.
 * Records older than the retention are deleted by `purge`.
 */
export class AccountInvocationLogging {
  readonly #cache = new Map<string, { readonly config: LoggingConfig | undefined; readonly at: number }>();

  constructor(
    private readonly store: InvocationLoggingStore,
    private readonly box: SecretBox,
    private readonly region: string,
    private readonly policy: InvocationLoggingPolicy,
    private readonly clock: Clock,
  ) {}

  /** Undefined: logging is off for the account (never configured, deleted, or forbidden). */
  async config(accountId: string): Promise<LoggingConfig | undefined> {
    if (this.forbiddenFor(accountId) !== undefined) return undefined;
    const now = this.clock.now().getTime();
    const hit = this.#cache.get(accountId);
    if (hit && withinAge(hit.at, now, CACHE_MS)) return hit.config;
    const row = await this.store.getConfig(accountId, this.region);
    const config = row ? loggingConfigFromJson(row.config) : undefined;
    this.#cache.set(accountId, { config, at: now });
    return config;
  }

  async put(accountId: string, config: LoggingConfig): Promise<void> {
    const why = this.forbiddenFor(accountId);
    if (why !== undefined) throw invalid("loggingConfig", why);
    this.#cache.delete(accountId);
    await this.store.putConfig({ accountId, region: this.region, config: loggingConfigToJson(config), updatedAt: this.clock.now() });
    this.#cache.delete(accountId);
  }

  /** Why content logging is forbidden for the account, or undefined when it is not. */
  forbiddenFor(accountId: string): string | undefined {
    if (this.policy.forbidden) {
      return "model invocation logging is forbidden on this deployment: it is configured never to record prompt or completion content (invocationLogging.forbidden)";
    }
    if (this.policy.forbiddenAccounts.includes(accountId)) {
      return `model invocation logging is forbidden for account ${accountId}: the deployment is configured never to record its prompt or completion content (invocationLogging.forbiddenAccounts)`;
    }
    return undefined;
  }

  /** Drops what this process read of the account's configuration: another worker of this node changed it. */
  forget(accountId: string): void {
    this.#cache.delete(accountId);
  }

  async delete(accountId: string): Promise<void> {
    this.#cache.delete(accountId);
    await this.store.deleteConfig(accountId, this.region);
    this.#cache.delete(accountId);
  }

  /** Seals and stores one record; the caller has already checked the account's configuration. */
  async record(log: ModelInvocationLog): Promise<void> {
    const plaintext = new TextEncoder().encode(JSON.stringify(log));
    const ciphertext = await this.box.seal(plaintext, recordContext(log.accountId, log.requestId));
    await this.store.append({ accountId: log.accountId, requestId: log.requestId, createdAt: new Date(log.timestamp), ciphertext });
  }

  /** The account's records, opened: for tests and an operator's export. */
  async records(accountId: string): Promise<ModelInvocationLog[]> {
    const rows = await this.store.list(accountId);
    const out: ModelInvocationLog[] = [];
    for (const row of rows) {
      const plain = await this.box.open(row.ciphertext, recordContext(row.accountId, row.requestId));
      out.push(JSON.parse(new TextDecoder().decode(plain)) as ModelInvocationLog);
    }
    return out;
  }

  /** Deletes every record older than the retention; answers how many went. */
  async purge(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.policy.retentionDays * 86_400_000);
    return this.store.purgeBefore(cutoff);
  }
}
