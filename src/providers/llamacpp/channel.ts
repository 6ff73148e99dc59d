/**
 * A one-reader queue from a callback-driven producer (node-llama-cpp's onTextChunk) to an async
 * iterator. It buffers without bound: generation on this adapter's CPUs is slower than any
 * consumer, and stopping the consumer stops the producer (see RequestControl.stop).
 */
export class Channel<T> {
  readonly #items: T[] = [];
  #done = false;
  #failure: { error: unknown } | undefined;
  #wake: (() => void) | undefined;

  push(item: T): void {
    if (this.#done) return;
    this.#items.push(item);
    this.#notify();
  }

  end(): void {
    this.#done = true;
    this.#notify();
  }

  fail(error: unknown): void {
    if (this.#done) return;
    this.#failure = { error };
    this.end();
  }

  async *drain(): AsyncGenerator<T> {
    for (;;) {
      const item = this.#items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.#failure) throw this.#failure.error;
      if (this.#done) return;
      await new Promise<void>((resolve) => { this.#wake = resolve; });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
