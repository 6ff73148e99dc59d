import type { ConditionValue, RequestContextValues } from "../../policy/types.js";

type Value = ConditionValue | readonly ConditionValue[];

/**
 * The request context, built the first time anything reads it. Most decisions meet no statement
 * with a condition or a policy variable (a root caller, an allow without conditions), and building
 * the ~12 keys (two dates formatted among them) was a fixed cost of every decision. Any read at
 * all (a condition, a variable, a copy) builds all of it, so no statement can see a key missing
 * that the eager map would have held.
 */
export class LazyContext implements RequestContextValues {
  #values: ReadonlyMap<string, Value> | undefined;
  #build: (() => ReadonlyMap<string, Value>) | undefined;

  constructor(build: () => ReadonlyMap<string, Value>) {
    this.#build = build;
  }

  get #map(): ReadonlyMap<string, Value> {
    if (this.#values === undefined) {
      this.#values = this.#build!();
      this.#build = undefined;
    }
    return this.#values;
  }

  /** Whether the values have been built (for tests). */
  get built(): boolean {
    return this.#values !== undefined;
  }

  get size(): number { return this.#map.size; }
  get(key: string): Value | undefined { return this.#map.get(key); }
  has(key: string): boolean { return this.#map.has(key); }
  forEach(fn: (value: Value, key: string, map: ReadonlyMap<string, Value>) => void, thisArg?: unknown): void {
    this.#map.forEach((value, key) => fn.call(thisArg, value, key, this));
  }
  entries(): IterableIterator<[string, Value]> { return this.#map.entries(); }
  keys(): IterableIterator<string> { return this.#map.keys(); }
  values(): IterableIterator<Value> { return this.#map.values(); }
  [Symbol.iterator](): IterableIterator<[string, Value]> { return this.#map[Symbol.iterator](); }
}
