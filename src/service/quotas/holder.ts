/** A round trip over a local channel or to Redis takes well under a millisecond; this is the worst a call pays. */
export const HOLDER_TIMEOUT_MS = 100;
/** After the holder failed to answer, how long counts are kept alone before it is asked again. */
export const HOLDER_RETRY_AFTER_MS = 5_000;

export interface HolderOptions {
  /** Names the holder in the reasons given to `onFallback`. */
  readonly holder: string;
  readonly timeoutMs?: number;
  readonly retryAfterMs?: number;
  /** Told once each time counting alone starts (the operator's warning). */
  readonly onFallback?: (reason: string) => void;
  readonly now?: () => number;
}

/**
 * The one who holds counts shared beyond this process (the `--workers` primary, or Redis), asked
 * with a bound on the wait. An answer within `timeoutMs` is the holder's decision; none in time,
 * or a request that throws (the holder cannot be reached, or answered something that is not a
 * decision: requests validate what they read, so a confused holder is never read as "admitted"),
 * means the caller counts alone: `ask` resolves undefined, `onFallback` is told once, and the
 * holder is not asked again for `retryAfterMs`. Service quotas (NodeQuotaStore) and provisioned
 * capacity (SharedSlots) share it, so both fall back the same way.
 */
export class Holder {
  readonly #name: string;
  readonly #timeoutMs: number;
  readonly #retryAfterMs: number;
  readonly #now: () => number;
  readonly #onFallback: ((reason: string) => void) | undefined;
  #aloneUntil: number | undefined;

  constructor(options: HolderOptions) {
    this.#name = options.holder;
    this.#timeoutMs = options.timeoutMs ?? HOLDER_TIMEOUT_MS;
    this.#retryAfterMs = options.retryAfterMs ?? HOLDER_RETRY_AFTER_MS;
    this.#now = options.now ?? (() => performance.now());
    this.#onFallback = options.onFallback;
  }

  /** How long a call waits for the holder at most. */
  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  /** Whether counts are kept here alone (the holder did not answer lately). */
  get alone(): boolean {
    return this.#aloneUntil !== undefined && this.#now() < this.#aloneUntil;
  }

  /** The holder's answer, or undefined to count alone (while alone, without asking). */
  async ask<T>(request: () => Promise<T>): Promise<T | undefined> {
    if (this.alone) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), this.#timeoutMs); });
    try {
      const answer = await Promise.race([request(), timeout]);
      if (answer !== TIMED_OUT) {
        this.#aloneUntil = undefined;
        return answer as T;
      }
      this.#goAlone(`${this.#name} did not answer within ${this.#timeoutMs} ms`);
    } catch (error) {
      this.#goAlone(`${this.#name} cannot be reached (${error instanceof Error ? error.message : String(error)})`);
    } finally {
      clearTimeout(timer);
    }
    return undefined;
  }

  #goAlone(reason: string): void {
    const wasAlone = this.#aloneUntil !== undefined;
    this.#aloneUntil = this.#now() + this.#retryAfterMs;
    if (!wasAlone) this.#onFallback?.(reason);
  }
}

const TIMED_OUT: unique symbol = Symbol("timed out");
