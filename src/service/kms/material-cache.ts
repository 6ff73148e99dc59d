/**
 * Opened key material kept for a short while, so that sealing and opening records under a KMS
 * key do not unwrap its material under the root key every time (that costs about as much as the
 * record's own encryption). Tight bounds: entries live `maxAgeMs` and at most `maxEntries` are
 * held; evicted bytes are zeroed. The cache never decides whether a key may be used: callers
 * check the key's state in the store on every call, so disabling or deleting a key takes effect
 * at once, and `forget` drops a deleted key's material the moment its deletion is seen.
 */
export class MaterialCache {
  readonly #entries = new Map<string, { readonly bytes: Uint8Array; readonly at: number }>();

  constructor(private readonly maxAgeMs: number, private readonly maxEntries: number) {
    if (!(maxAgeMs >= 0) || !Number.isSafeInteger(maxEntries) || maxEntries < 0) throw new RangeError("a material cache needs a non-negative age and entry count");
  }

  /** A copy of the cached material (the caller zeroes it), or undefined. */
  get(keyId: string, version: number, now: number): Uint8Array | undefined {
    const name = `${keyId}#${version}`;
    const entry = this.#entries.get(name);
    if (!entry) return undefined;
    if (now - entry.at > this.maxAgeMs || now < entry.at) {
      this.#drop(name);
      return undefined;
    }
    return new Uint8Array(entry.bytes);
  }

  /** Keeps a copy of `bytes`; the oldest entry goes when the cache is full. */
  put(keyId: string, version: number, bytes: Uint8Array, now: number): void {
    if (this.maxEntries === 0 || this.maxAgeMs === 0) return;
    const name = `${keyId}#${version}`;
    this.#drop(name);
    while (this.#entries.size >= this.maxEntries) this.#drop(this.#entries.keys().next().value!);
    this.#entries.set(name, { bytes: new Uint8Array(bytes), at: now });
  }

  /** Drops (and zeroes) every version of a key. */
  forget(keyId: string): void {
    for (const name of [...this.#entries.keys()]) if (name.startsWith(`${keyId}#`)) this.#drop(name);
  }

  get size(): number {
    return this.#entries.size;
  }

  #drop(name: string): void {
    const entry = this.#entries.get(name);
    if (!entry) return;
    entry.bytes.fill(0);
    this.#entries.delete(name);
  }
}
