import type { GuardrailStore } from "../../store/index.js";
import type { LocatedGuardrail } from "./directory.js";

/**
 * How long a guardrail version's rows, read for one guarded call, serve the next ones. Within a
 * process every change made through the control plane drops them at once, and the other workers
 * and nodes are told (compose/guardrail-peers.ts); this bounds how long a change can go unseen
 * where no message arrives (a node sharing the database without Redis, a lost message): the
 * same second as the authorizer's policy recheck.
 */
export const LOCATED_MAX_AGE_MS = 1_000;
const MAX_ENTRIES = 1_024;
/**
 * The sealed envelopes kept, in bytes: a configuration can be large (thousands of words), and an
 * account's guarded calls can name up to 100 guardrails of 20 versions each.
 */
const MAX_SEALED_BYTES = 32 * 1024 * 1024;

/**
 * Guardrail versions as `locate` read them (the guardrail's tags, the version's sealed envelope
 * and revision, the customer key named in it), kept for LOCATED_MAX_AGE_MS so a guarded call
 * does not read the rows on every request (~8 % of its CPU, measured). Only versions that exist
 * are kept: a name that finds nothing is read again each time. What is kept is the stored
 * ciphertext and names, never an opened configuration (OpenedPolicies keeps those, and checks
 * the key on every use).
 */
export class LocatedCache {
  readonly #entries = new Map<string, { readonly located: LocatedGuardrail; readonly at: number }>();
  #sealedBytes = 0;
  /**
   * Moves on every forget: rows read while a change was being made (a read that began before it
   * and ended after) are not kept, or the change would go unseen here for the entry's lifetime.
   */
  #generation = 0;

  constructor(private readonly now: () => number) {}

  get(accountId: string, guardrailId: string, version: string): LocatedGuardrail | undefined {
    const key = keyOf(accountId, guardrailId, version);
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    const age = this.now() - entry.at;
    if (age >= 0 && age < LOCATED_MAX_AGE_MS) return entry.located;
    this.#drop(key);
    return undefined;
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#sealedBytes -= entry.located.sealed?.byteLength ?? 0;
  }

  /** Read before reading the rows; `put` keeps them only if nothing was forgotten since. */
  get generation(): number {
    return this.#generation;
  }

  put(located: LocatedGuardrail, at: number, generation: number): LocatedGuardrail {
    if (located.sealed === undefined || generation !== this.#generation) return located;
    const size = located.sealed.byteLength;
    if (size > MAX_SEALED_BYTES) return located;
    const kept = freezeLocated(located);
    const key = keyOf(located.accountId, located.guardrailId, located.version);
    this.#drop(key);
    while (this.#entries.size >= MAX_ENTRIES || this.#sealedBytes + size > MAX_SEALED_BYTES) this.#drop(this.#entries.keys().next().value!);
    this.#entries.set(key, { located: kept, at });
    this.#sealedBytes += size;
    return kept;
  }

  /** Every version of one guardrail: after any change to it (tags, DRAFT, a version made or deleted, the guardrail deleted). */
  forget(accountId: string, guardrailId: string): void {
    this.#generation++;
    const prefix = keyOf(accountId, guardrailId, "");
    for (const key of [...this.#entries.keys()]) if (key.startsWith(prefix)) this.#drop(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The sealed bytes kept (bounded by MAX_SEALED_BYTES). */
  get sealedBytes(): number {
    return this.#sealedBytes;
  }
}

// Account ids and guardrail ids hold no NUL: the separator cannot be forged by either.
const keyOf = (accountId: string, guardrailId: string, version: string): string => `${accountId}\u0000${guardrailId}\u0000${version}`;

/** Shared by every request that hits it: nothing a caller does to it may reach another's. */
function freezeLocated(l: LocatedGuardrail): LocatedGuardrail {
  return Object.freeze({ ...l, tags: Object.freeze(l.tags.map((t) => Object.freeze({ key: t.key, value: t.value }))) });
}

/**
 * The store with `changed` told after every write to an existing guardrail's rows (DRAFT,
 * versions, tags, the guardrail deleted), whether or not the write succeeded: a write that
 * failed may still have landed. Creating a guardrail changes nothing kept (a name that finds
 * nothing is never kept).
 */
export function forgettingWrites(store: GuardrailStore, changed: (accountId: string, guardrailId: string) => void): GuardrailStore {
  const after = async <T>(accountId: string, guardrailId: string, write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } finally {
      changed(accountId, guardrailId);
    }
  };
  return {
    create: (record) => store.create(record),
    get: (accountId, guardrailId) => store.get(accountId, guardrailId),
    getByToken: (accountId, token) => store.getByToken(accountId, token),
    count: (accountId) => store.count(accountId),
    list: (accountId, options) => store.list(accountId, options),
    getVersion: (accountId, guardrailId, version) => store.getVersion(accountId, guardrailId, version),
    getWithVersion: (accountId, guardrailId, version) => store.getWithVersion(accountId, guardrailId, version),
    listVersions: (accountId, guardrailId) => store.listVersions(accountId, guardrailId),
    updateDraft: (accountId, guardrailId, change) => after(accountId, guardrailId, store.updateDraft(accountId, guardrailId, change)),
    addVersion: (accountId, guardrailId, make) => after(accountId, guardrailId, store.addVersion(accountId, guardrailId, make)),
    deleteVersion: (accountId, guardrailId, version) => after(accountId, guardrailId, store.deleteVersion(accountId, guardrailId, version)),
    delete: (accountId, guardrailId, arn) => after(accountId, guardrailId, store.delete(accountId, guardrailId, arn)),
    updateTags: (accountId, guardrailId, change) => after(accountId, guardrailId, store.updateTags(accountId, guardrailId, change)),
  };
}
