import { fault } from "../../kernel/index.js";

/** Why a generation was cut short, when it was. */
export type CutReason = "timeout" | "caller" | "consumer";

/**
 * The one signal a generation listens to. It aborts when the caller's signal aborts, when the
 * time limit passes, or when a stream's consumer stops reading; `settle` then turns whatever the
 * library threw into what the caller should see. In "idle" mode (streams) every `touch` restarts
 * the clock, so a long answer that keeps flowing is not cut off; in "deadline" mode the limit
 * covers the whole call, queueing included.
 */
export class RequestControl {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal;
  readonly #model: string;
  readonly #timeoutMs: number;
  readonly #idle: boolean;
  #timer: NodeJS.Timeout | undefined;
  #cut: CutReason | undefined;
  readonly #onCallerAbort = (): void => this.#abort("caller");

  constructor(caller: AbortSignal, model: string, timeoutMs: number, mode: "deadline" | "idle") {
    this.#caller = caller;
    this.#model = model;
    this.#timeoutMs = timeoutMs;
    this.#idle = mode === "idle";
    if (caller.aborted) this.#abort("caller");
    else caller.addEventListener("abort", this.#onCallerAbort, { once: true });
    this.#arm();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get cut(): CutReason | undefined {
    return this.#cut;
  }

  /** Progress was made (a stream produced text): in idle mode the clock starts again. */
  touch(): void {
    if (this.#idle) this.#arm();
  }

  /** The consumer went away: stop generating, and nobody needs to hear about it. */
  stop(): void {
    this.#abort("consumer");
  }

  /** What to throw when the internal signal has aborted; otherwise rethrows `error` unchanged. */
  settle(error: unknown): never {
    if (this.#cut === "timeout") {
      throw fault("model-timeout", `model '${this.#model}' did not answer within ${this.#timeoutMs} ms`, { resourceName: this.#model });
    }
    // The caller chose to abort and knows why: hand back its own reason, as fetch() does.
    if (this.#cut === "caller") throw this.#caller.reason;
    throw error;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller.removeEventListener("abort", this.#onCallerAbort);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    if (this.#cut !== undefined) return;
    this.#timer = setTimeout(() => this.#abort("timeout"), this.#timeoutMs);
    this.#timer.unref();
  }

  #abort(reason: CutReason): void {
    if (this.#cut !== undefined) return;
    this.#cut = reason;
    clearTimeout(this.#timer);
    this.#controller.abort(new Error(`generation stopped: ${reason}`));
  }
}
