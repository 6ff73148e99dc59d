import { Holder } from "./holder.js";
import { MemoryQuotaStore } from "./memory-store.js";
import type { BucketTake, QuotaStore, QuotaTake, QuotaTakeAll } from "./store.js";

/** What a worker asks the process holding the node's buckets (the `--workers` primary). */
export type QuotaRequest =
  | { readonly op: "take"; readonly key: string; readonly perMinute: number; readonly cost: number }
  | { readonly op: "takeAll"; readonly takes: readonly BucketTake[] }
  | { readonly op: "adjust"; readonly key: string; readonly perMinute: number; readonly delta: number };

/**
 * The way to the node's buckets. `call` resolves with the answer (undefined for an adjust); it
 * may reject, or never settle when the holder is gone: the store bounds the wait itself.
 */
export interface QuotaTransport {
  call(request: QuotaRequest): Promise<QuotaTake | QuotaTakeAll | undefined>;
}

export interface NodeQuotaOptions {
  /** How many processes share the node's limits: a worker on its own takes 1/workers of each. */
  readonly workers: number;
  /** The most a call waits for the holder before counting alone. */
  readonly timeoutMs?: number;
  /** After a wait that timed out, how long to count alone before asking the holder again. */
  readonly retryAfterMs?: number;
  /** Told once each time the store starts counting alone (the operator's warning). */
  readonly onFallback?: (reason: string) => void;
  /**
   * Where calls are counted while the holder does not answer. Default: buckets of this process
   * holding limit/workers. Redis (src/redis/) passes the node's own store here: nodes cut off
   * from Redis each enforce the limit for themselves, never nothing.
   */
  readonly fallback?: QuotaStore;
  /** Names the holder in the reasons given to `onFallback`. */
  readonly holder?: string;
  readonly now?: () => number;
}

/**
 * One node's quotas when several processes serve it: the buckets are held by one process (the
 * primary) and each take or adjust is a request to it, so a limit holds for the node, not per
 * process. When the holder does not answer within `timeoutMs`, the process counts alone in a
 * bucket of its own holding limit/workers (never unlimited: N processes counting alone admit at
 * most the node's limit together) and says so; it asks the holder again after `retryAfterMs`.
 */
export class NodeQuotaStore implements QuotaStore {
  readonly #local: MemoryQuotaStore;
  readonly #fallback: QuotaStore | undefined;
  readonly #holder: Holder;
  readonly #workers: number;

  constructor(private readonly transport: QuotaTransport, options: NodeQuotaOptions) {
    this.#workers = Math.max(1, Math.floor(options.workers));
    this.#local = new MemoryQuotaStore(options.now ?? (() => performance.now()));
    this.#fallback = options.fallback;
    this.#holder = new Holder({ ...options, holder: options.holder ?? "the quota holder" });
  }

  async take(key: string, perMinute: number, cost: number): Promise<QuotaTake> {
    const answer = await this.#ask({ op: "take", key, perMinute, cost });
    if (answer !== undefined) return answer as QuotaTake;
    if (this.#fallback) return this.#fallback.take(key, perMinute, cost);
    return this.#local.takeNow(key, this.#share(perMinute), cost);
  }

  async takeAll(takes: readonly BucketTake[]): Promise<QuotaTakeAll> {
    const answer = await this.#ask({ op: "takeAll", takes });
    if (answer !== undefined) return answer as QuotaTakeAll;
    if (this.#fallback) return this.#fallback.takeAll(takes);
    return this.#local.takeAllNow(takes.map((t) => ({ ...t, perMinute: this.#share(t.perMinute) })));
  }

  async adjust(key: string, perMinute: number, delta: number): Promise<void> {
    const answer = await this.#ask({ op: "adjust", key, perMinute, delta });
    if (answer !== undefined) return;
    if (this.#fallback) await this.#fallback.adjust(key, perMinute, delta);
    else this.#local.adjustNow(key, this.#share(perMinute), delta);
  }

  /** Whether calls are counted here alone (the holder did not answer lately). */
  get alone(): boolean {
    return this.#holder.alone;
  }

  #share(perMinute: number): number {
    return Math.max(1, Math.floor(perMinute / this.#workers));
  }

  /** The holder's answer (`{ ok: true }` stands for an adjust done), or undefined to count alone. */
  #ask(request: QuotaRequest): Promise<QuotaTake | QuotaTakeAll | undefined> {
    return this.#holder.ask(() => this.transport.call(request).then((a) => checked(request, a)));
  }
}

/**
 * The holder's answer as it must be: an adjust's is nothing (`{ ok: true }` stands for it); a
 * take's says ok or not, and when not, after how long (and, for several buckets, which refused).
 * Anything else throws, so the call is counted here: were a missing or garbled answer read as
 * "taken", a confused holder (a Redis reply of another shape, a broken channel) would make every
 * quota unlimited, and read as "refused", would refuse every call.
 */
function checked(request: QuotaRequest, answer: unknown): QuotaTake | QuotaTakeAll {
  if (request.op === "adjust") return { ok: true };
  const a = answer as { ok?: unknown; retryAfterMs?: unknown; index?: unknown } | null | undefined;
  const refusal = typeof a === "object" && a !== null && a.ok === false && typeof a.retryAfterMs === "number" && Number.isFinite(a.retryAfterMs)
    && (request.op === "take" || (Number.isSafeInteger(a.index) && (a.index as number) >= 0 && (a.index as number) < request.takes.length));
  if (typeof a === "object" && a !== null && (a.ok === true || refusal)) return a as QuotaTake | QuotaTakeAll;
  throw new Error("it answered something that is not a quota decision");
}

/** The holder's side: applies a worker's request to the node's buckets. */
export function answerQuotaRequest(buckets: MemoryQuotaStore, request: QuotaRequest): QuotaTake | QuotaTakeAll | undefined {
  if (request.op === "take") return buckets.takeNow(request.key, request.perMinute, request.cost);
  if (request.op === "takeAll") return buckets.takeAllNow(request.takes);
  buckets.adjustNow(request.key, request.perMinute, request.delta);
  return undefined;
}
