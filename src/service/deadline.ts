import { Fault, boundSignal, isFault, unboundSignal } from "../kernel/index.js";
import type { ClientWatch } from "../kernel/index.js";

/**
 * A provider call's cancellation: the client going away or our timeout, whichever comes first.
 * `restart()` pushes the timeout back, so a stream is bounded by the gap between events rather
 * than by its total length.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timeoutMs: number;
  #timer: NodeJS.Timeout | undefined;
  #timedOut = false;
  /** When the timer fires (registered on the signal: see kernel/signal-bound.ts). */
  readonly #bound = { at: 0 };
  readonly #onClientAbort = (): void => this.#controller.abort();

  constructor(private readonly client: ClientWatch, timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    if (client.aborted) this.#controller.abort();
    else client.addEventListener("abort", this.#onClientAbort, { once: true });
    this.restart();
    boundSignal(this.#controller.signal, this.#bound);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  restart(): void {
    this.#bound.at = performance.now() + this.#timeoutMs;
    // One timer for the whole call, pushed back in place (a stream restarts it on every event).
    if (this.#timer) {
      this.#timer.refresh();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort();
    }, this.#timeoutMs);
    this.#timer.unref();
  }

  /** Turns whatever the provider threw after our abort into the fault the caller should see. */
  translate(error: unknown, modelId: string): Fault {
    if (this.#timedOut) return new Fault("model-timeout", `The model ${modelId} did not answer within ${this.#timeoutMs} ms`, { resourceName: modelId });
    if (isFault(error)) return error;
    if (this.client.aborted) return new Fault("validation", "The client closed the connection");
    // Adapters report every expected failure as a Fault; anything else is a bug of ours.
    return new Fault("internal", "An internal error occurred. Quote the request id when reporting it.", {}, error);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    unboundSignal(this.#controller.signal);
    this.client.removeEventListener("abort", this.#onClientAbort);
  }
}
