/**
 * How far this process's memory rose above where it stood when `run` began, at its highest:
 * sampled every few milliseconds while `run` is pending, and once at the end. A test asserts a
 * generous bound, so that a reader that holds a whole bomb (hundreds of MiB or more) fails it
 * while a bounded one passes whatever the garbage collector happens to be doing.
 */
export interface MemoryPeak<T> {
  readonly outcome: PromiseSettledResult<T>;
  /** Resident set growth, MiB. */
  readonly rssMiB: number;
  /** Growth of memory held by ArrayBuffers and Buffers (where decoded bodies live), MiB. */
  readonly arrayBuffersMiB: number;
}

const MiB = 1024 * 1024;

export async function memoryPeak<T>(run: () => Promise<T>): Promise<MemoryPeak<T>> {
  const start = process.memoryUsage();
  let rss = start.rss;
  let arrayBuffers = start.arrayBuffers;
  const sample = (): void => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss);
    arrayBuffers = Math.max(arrayBuffers, now.arrayBuffers);
  };
  const timer = setInterval(sample, 5);
  const [outcome] = await Promise.allSettled([run()]);
  clearInterval(timer);
  sample();
  return { outcome: outcome!, rssMiB: (rss - start.rss) / MiB, arrayBuffersMiB: (arrayBuffers - start.arrayBuffers) / MiB };
}
