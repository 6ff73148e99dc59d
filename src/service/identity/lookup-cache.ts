import { withinAge } from "../../kernel/index.js";
import type { Clock } from "../../kernel/index.js";

/**
 * Credential lookups kept for a short time, because each costs a database read and an envelope
 * decrypt. Misses are kept too, so a flood of made-up key ids is not a flood of reads. A key
 * changed on another node is seen within `ttlMs`; on the node that changed it, `forget` makes
 * it immediate. Past `maxEntries` the cache starts again rather than grow.
 */
export class LookupCache<V> {
  readonly #entries = new Map<string, { at: number; value: V | undefined }>();

  constructor(
    private readonly clock: Clock,
    private readonly load: (key: string) => Promise<V | undefined>,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  async get(key: string): Promise<V | undefined> {
    const now = this.clock.now().getTime();
    const hit = this.#entries.get(key);
    if (hit && withinAge(hit.at, now, this.ttlMs)) return hit.value;
    const value = await this.load(key);
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, { at: now, value });
    return value;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }
}
