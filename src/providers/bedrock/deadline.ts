import { fault } from "../../kernel/index.js";

/**
 * One upstream call's cancellation: the caller's signal joined with our own timer, handed to the
 * SDK as `abortSignal` (which destroys the socket, so the upstream sees the cancel). For a
 * stream the timer measures silence, not the whole answer: it is re-armed on every upstream
 * event and paused while the consumer holds an event, so a long answer is not cut off and a
 * slow reader is not blamed on the upstream.
 */
export class Deadline {
  readonly signal: AbortSignal;
  readonly #caller: AbortSignal;
  readonly #ms: number;
  readonly #own = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timedOut = false;

  constructor(caller: AbortSignal, ms: number) {
    this.#caller = caller;
    this.#ms = ms;
    this.signal = AbortSignal.any([caller, this.#own.signal]);
    this.arm();
  }

  /** Starts (or restarts) the timer. */
  arm(): void {
    this.pause();
    if (this.signal.aborted) return;
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#own.abort();
    }, this.#ms);
    this.#timer.unref();
  }

  pause(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Cancels the upstream call: the consumer left before the answer ended. */
  cancel(): void {
    this.pause();
    if (!this.#own.signal.aborted) this.#own.abort();
  }

  /**
   * What to throw when the call failed because of us rather than the upstream: the caller's own
   * abort reason (as fetch does, so the caller recognises its abort), or a model-timeout.
   */
  outcome(): unknown {
    if (this.#caller.aborted) return this.#caller.reason;
    if (this.#timedOut) return fault("model-timeout", `upstream did not answer within ${this.#ms} ms`);
    return undefined;
  }
}
