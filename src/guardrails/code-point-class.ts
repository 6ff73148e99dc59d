/**
 * A class of characters given by a regular expression over one code point (`/^[\p{L}\p{N}]$/u`),
 * answered from a table instead of running the expression per character: the guardrail scanners
 * walk every character of a prompt, and a regex per character (or a `matchAll` making a match
 * array and a string per word) cost more than what they then do with it.
 */
export class CodePointClass {
  /** Per BMP code unit: 1 in the class, 0 not, -1 not looked at yet. */
  readonly #bmp = new Int8Array(0x10000).fill(-1);
  /** Astral code points seen (few: a text's letters beyond the BMP are rare), bounded. */
  readonly #astral = new Map<number, boolean>();

  constructor(private readonly test: RegExp) {
    for (let c = 0; c < 0x80; c += 1) this.#bmp[c] = test.test(String.fromCharCode(c)) ? 1 : 0;
  }

  /** Whether a code point is in the class (a lone surrogate never is). */
  has(point: number): boolean {
    if (point >= 0xd800 && point <= 0xdfff) return false;
    if (point >= 0x10000) {
      let known = this.#astral.get(point);
      if (known === undefined) {
        known = this.test.test(String.fromCodePoint(point));
        if (this.#astral.size < MAX_ASTRAL_KEPT) this.#astral.set(point, known);
      }
      return known;
    }
    let known = this.#bmp[point]!;
    if (known < 0) known = this.#bmp[point] = this.test.test(String.fromCharCode(point)) ? 1 : 0;
    return known === 1;
  }

  /**
   * The width in code units of the character at `i` when it is in the class (2 for a surrogate
   * pair), or 0 when it is not. A lone surrogate is in no class, as with a `u` expression.
   */
  widthAt(text: string, i: number): number {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) {
      let known = this.#bmp[c]!;
      if (known < 0) known = this.#bmp[c] = this.test.test(String.fromCharCode(c)) ? 1 : 0;
      return known;
    }
    if (c > 0xdbff || i + 1 >= text.length) return 0;
    const low = text.charCodeAt(i + 1);
    if (low < 0xdc00 || low > 0xdfff) return 0;
    const point = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
    let known = this.#astral.get(point);
    if (known === undefined) {
      known = this.test.test(String.fromCodePoint(point));
      if (this.#astral.size < MAX_ASTRAL_KEPT) this.#astral.set(point, known);
    }
    return known ? 2 : 0;
  }

  /**
   * The width of the character in the class that ends just before `i`, or 0: a surrogate pair
   * ending there is read whole, and a high surrogate just before `i` is not a character.
   */
  widthBefore(text: string, i: number): number {
    if (i <= 0) return 0;
    const c = text.charCodeAt(i - 1);
    if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
      const high = text.charCodeAt(i - 2);
      if (high >= 0xd800 && high <= 0xdbff) return this.widthAt(text, i - 2);
    }
    return this.widthAt(text, i - 1) === 1 ? 1 : 0;
  }
}

const MAX_ASTRAL_KEPT = 4096;
