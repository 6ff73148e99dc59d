/**
 * One generation at a time per model: a llama.cpp context here holds a single sequence, and on
 * a small machine two generations interleaved are slower than the same two in turn. Waiters are
 * served first come, first served; a waiter whose signal aborts leaves the line.
 */
export class SerialQueue {
  #busy = false;
  readonly #waiters: Array<() => void> = [];

  /** Resolves with a release function once the caller holds the queue. */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.#waiters.indexOf(grant);
        if (at >= 0) this.#waiters.splice(at, 1);
        reject(signal.reason);
      };
      const grant = (): void => {
        signal.removeEventListener("abort", onAbort);
        resolve(this.#releaser());
      };
      this.#waiters.push(grant);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      // Ownership passes straight to the next waiter, so nobody can slip in between.
      if (next) next();
      else this.#busy = false;
    };
  }
}
