import { randomInt } from "node:crypto";
import { Fault, invalid, withinAge } from "../../kernel/index.js";
import type { Clock } from "../../kernel/index.js";
import type { EnforcedGuardrailRecord, EnforcedGuardrailStore } from "../../store/index.js";
import { canonicalGuardrailArn } from "../resources/guardrails.js";
import type { GuardrailDirectory } from "./directory.js";
import { enforcedOn } from "./enforced-models.js";
import type { ModelEnforcement } from "./enforced-models.js";

export type GuardingMode = "SELECTIVE" | "COMPREHENSIVE";
export const GUARDING_MODES: readonly GuardingMode[] = ["SELECTIVE", "COMPREHENSIVE"];

/**
 * How much of a prompt an enforced guardrail reads: SELECTIVE honours the caller's guard-content
 * tags, COMPREHENSIVE reads everything. Unstated parts are COMPREHENSIVE, Bedrock's default for
 * messages and ours for the system prompt too: a guardrail the caller could narrow with tags is
 * not enforced.
 */
export interface ContentGuarding {
  readonly system: GuardingMode;
  readonly messages: GuardingMode;
}

export interface EnforcedGuardrailInput {
  /** Absent: a new configuration; present: the one to replace. */
  readonly configId?: string;
  /** An id or an ARN of the caller's account and this region. */
  readonly guardrailIdentifier: string;
  /** A numbered version: DRAFT is refused by the codec, as by Bedrock. */
  readonly guardrailVersion: string;
  readonly selectiveContentGuarding?: Partial<ContentGuarding>;
  readonly modelEnforcement?: ModelEnforcement;
}

/** One enforced guardrail an inference of the account must run, resolved to its canonical ARN. */
export interface EnforcedSelection {
  readonly identifier: string;
  readonly version: string;
  readonly selective: ContentGuarding;
  readonly configId: string;
}

/**
 * Bedrock documents no figure for configurations per account (its API reference once said one);
 * a bound keeps each inference's work and the store small. Past it: ServiceQuotaExceeded.
 */
export const MAX_ENFORCED_CONFIGS_PER_ACCOUNT = 10;
/** Accounts whose configurations are held in memory at once; the oldest entry goes first. */
const CACHED_ACCOUNTS = 10_000;
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function enforcedConfigNotFound(): Fault {
  return new Fault("not-found", "The enforced guardrail configuration named was not found", { field: "configId" });
}

/**
 * Account-level enforced guardrails: configurations an account administrator puts, and what
 * every inference of the account must run whatever the caller sends. Inference reads them through
 * `forInference`, from memory: each account's list is loaded once and dropped on every put or
 * delete made through this instance (and on `forget`, which the other workers and nodes call).
 * When the store is shared by several nodes, `cacheMs` bounds how long a list is kept: a change
 * made on another node whose message was lost (Redis down, not configured) still applies within it.
 */
export class EnforcedGuardrails {
  readonly #cache = new Map<string, Promise<readonly EnforcedGuardrailRecord[]>>();
  /** When each cached list was loaded (milliseconds of `clock`), when lists expire. */
  readonly #loadedAt = new Map<string, number>();

  constructor(
    private readonly store: EnforcedGuardrailStore,
    private readonly directory: GuardrailDirectory,
    private readonly region: string,
    private readonly clock: Clock,
    /** How long a list is kept; absent: until a change made through this instance or `forget`. */
    private readonly cacheMs?: number,
  ) {}

  /** Creates (no configId) or replaces a configuration; the guardrail must exist as that numbered version. */
  async put(account: string, principalArn: string, input: EnforcedGuardrailInput): Promise<EnforcedGuardrailRecord> {
    const arn = canonicalGuardrailArn(input.guardrailIdentifier, this.region, account);
    // Resolved through the control plane: an unknown guardrail or version (or another account's) is not found.
    const resolved = await this.directory.resolveForInference(account, arn, input.guardrailVersion);
    if (resolved.version !== input.guardrailVersion) throw invalid("guardrailInferenceConfig.guardrailVersion", "Member must be a numbered guardrail version");
    const now = this.clock.now();
    const settings = {
      accountId: account, guardrailArn: resolved.arn, guardrailId: resolved.guardrailId, guardrailVersion: resolved.version,
      selectiveContentGuarding: {
        system: input.selectiveContentGuarding?.system ?? "COMPREHENSIVE", messages: input.selectiveContentGuarding?.messages ?? "COMPREHENSIVE",
      },
      ...(input.modelEnforcement ? { modelEnforcement: { includedModels: [...input.modelEnforcement.includedModels], excludedModels: [...input.modelEnforcement.excludedModels] } } : {}),
      updatedAt: now, updatedBy: principalArn,
    };
    try {
      if (input.configId !== undefined) {
        const existing = await this.store.get(account, input.configId);
        if (!existing) throw enforcedConfigNotFound();
        const record: EnforcedGuardrailRecord = { ...settings, configId: existing.configId, createdAt: existing.createdAt, createdBy: existing.createdBy };
        if (!(await this.store.update(record))) throw enforcedConfigNotFound();
        return record;
      }
      // Counted before writing: concurrent puts may pass the count together, so the quota can be
      // overrun by as many puts as run at once, never without bound.
      if ((await this.store.list(account)).length >= MAX_ENFORCED_CONFIGS_PER_ACCOUNT) {
        throw new Fault("service-quota-exceeded", `This account has the most enforced guardrail configurations allowed (${MAX_ENFORCED_CONFIGS_PER_ACCOUNT})`);
      }
      const record: EnforcedGuardrailRecord = { ...settings, configId: newConfigId(), createdAt: now, createdBy: principalArn };
      await this.store.create(record);
      return record;
    } finally {
      // Dropped whatever happened: a failed write may still have reached the database.
      this.#cache.delete(account);
    }
  }

  /** Drops the account's list held in memory: another process of this node changed it. */
  forget(account: string): void {
    this.#cache.delete(account);
  }

  list(account: string): Promise<EnforcedGuardrailRecord[]> {
    return this.store.list(account);
  }

  async delete(account: string, configId: string): Promise<void> {
    try {
      if (!(await this.store.delete(account, configId))) throw enforcedConfigNotFound();
    } finally {
      this.#cache.delete(account);
    }
  }

  /** What an inference of `model` (a model id or canonical ARN) in the account must run, in config id order. */
  async forInference(account: string, model: string): Promise<readonly EnforcedSelection[]> {
    const records = await this.#records(account);
    return records.filter((r) => enforcedOn(r.modelEnforcement, model)).map((r) => ({
      identifier: r.guardrailArn, version: r.guardrailVersion, configId: r.configId,
      selective: { system: r.selectiveContentGuarding.system as GuardingMode, messages: r.selectiveContentGuarding.messages as GuardingMode },
    }));
  }

  #records(account: string): Promise<readonly EnforcedGuardrailRecord[]> {
    const cached = this.#cache.get(account);
    const now = this.clock.now().getTime();
    if (cached && (this.cacheMs === undefined || withinAge(this.#loadedAt.get(account) ?? 0, now, this.cacheMs))) return cached;
    const loading = this.store.list(account);
    this.#cache.delete(account);
    this.#cache.set(account, loading);
    if (this.cacheMs !== undefined) this.#loadedAt.set(account, now);
    // A failed read is not remembered: the next inference tries again (and fails closed meanwhile).
    loading.catch(() => { if (this.#cache.get(account) === loading) this.#cache.delete(account); });
    if (this.#cache.size > CACHED_ACCOUNTS) {
      const oldest = this.#cache.keys().next().value!;
      this.#cache.delete(oldest);
      this.#loadedAt.delete(oldest);
    }
    return loading;
  }
}

/** A fresh id in the shape Bedrock's pattern allows (lower-case letters and digits). */
function newConfigId(): string {
  return Array.from({ length: 12 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join("");
}
