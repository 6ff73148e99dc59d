/**
 * The view's code units, and per unit the original span it came from, growing as written. The
 * spans are kept only from the first unit not at its original's index (a text whose folds are
 * one unit for one, as CJK text's full-width punctuation is, never allocates them).
 */
export class Units {
  units: Uint16Array;
  from: Int32Array | undefined;
  to: Int32Array | undefined;
  n = 0;

  constructor(capacity: number) {
    this.units = new Uint16Array(capacity);
  }

  push(unit: number, from: number, to: number): void {
    if (this.n === this.units.length) this.#grow();
    if (this.from === undefined) {
      if (from === this.n && to === from + 1) {
        this.units[this.n++] = unit;
        return;
      }
      this.#map();
    }
    this.units[this.n] = unit;
    this.from![this.n] = from;
    this.to![this.n] = to;
    this.n++;
  }

  /** The last unit's character now ends at `to` (a mark after it was dropped). */
  extendLast(to: number): void {
    if (this.from === undefined) this.#map();
    this.to![this.n - 1] = to;
  }

  #map(): void {
    const size = this.units.length;
    this.from = new Int32Array(size);
    this.to = new Int32Array(size);
    for (let k = 0; k < this.n; k++) {
      this.from[k] = k;
      this.to[k] = k + 1;
    }
  }

  #grow(): void {
    const size = this.units.length * 2;
    const units = new Uint16Array(size);
    units.set(this.units);
    this.units = units;
    if (this.from === undefined || this.to === undefined) return;
    const from = new Int32Array(size);
    from.set(this.from);
    const to = new Int32Array(size);
    to.set(this.to);
    this.from = from;
    this.to = to;
  }
}
