import type { Clock } from "../../kernel/index.js";
import type { IdentityStore } from "../../store/index.js";

/**
 * Records access-key "last used" without a database write per request: at most one write per
 * key per interval, off the request path. The store ignores an older use arriving late.
 */
export class AccessKeyUsage {
  readonly #lastWritten = new Map<string, number>();

  constructor(
    private readonly store: Pick<IdentityStore, "recordAccessKeyUse">,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 60_000,
  ) {}

  note(accessKeyId: string, region: string, service: string): void {
    const now = this.clock.now();
    const last = this.#lastWritten.get(accessKeyId);
    if (last !== undefined && now.getTime() - last < this.intervalMs) return;
    if (this.#lastWritten.size > 10_000) this.#lastWritten.clear();
    this.#lastWritten.set(accessKeyId, now.getTime());
    this.store.recordAccessKeyUse(accessKeyId, now, region, service).catch(this.onError);
  }
}
