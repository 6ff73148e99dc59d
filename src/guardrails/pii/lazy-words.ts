import { isSpaceCode, isUpperAt } from "./char-class.js";
import { words, type Word } from "./lexicon-scan.js";

/** A word of the text with its index among the text's words. */
export interface IndexedWord extends Word {
  readonly index: number;
}

/**
 * The whitespace-delimited words of a text, as lexicon-scan's `words` splits them, but each split
 * (three substrings and an object) only when a rule first reads it: most words are lower case
 * or codes and are passed over by their first two characters (`maybeName`).
 */
export class LazyWords {
  readonly #text: string;
  readonly #starts: number[];
  readonly #ends: number[];
  readonly #made: (IndexedWord | undefined)[] = [];
  /** Whether some stretch of the text has no capital within `reach` either side (lower-case rules can apply). */
  readonly lowerStretch: boolean;
  /** capWord's answers by word index: 0 not asked, 1 yes, 2 no. */
  readonly cap: Uint8Array;

  constructor(text: string, reach: number) {
    this.#text = text;
    // Local arrays and length: the loop reads every character of the text.
    const starts: number[] = [];
    const ends: number[] = [];
    const n = text.length;
    // The same loop notes whether some stretch has no capital within `reach` either side.
    let prevCapital = -reach - 1;
    let stretch = false;
    for (let i = 0; i < n;) {
      while (i < n && isSpaceCode(text.charCodeAt(i))) i++;
      if (i >= n) break;
      starts.push(i);
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x80) {
          if (c === 32 || (c >= 9 && c <= 13)) break;
          if (c < 65 || c > 90) continue;
        } else if (isSpaceCode(c)) break;
        else if (!isUpperAt(text, i)) continue;
        if (i - prevCapital > 2 * reach + 1) stretch = true;
        prevCapital = i;
      }
      ends.push(i);
    }
    this.lowerStretch = stretch || n - prevCapital > reach + 1;
    this.#starts = starts;
    this.#ends = ends;
    this.cap = new Uint8Array(starts.length);
  }

  get length(): number {
    return this.#starts.length;
  }

  /**
   * Whether word i can be a capitalised name word (capWord, or a speaker's label): past any ASCII
   * punctuation, a capital, then a lower-case letter or an apostrophe (or any non-ASCII letters,
   * left to capWord). Codes ("NI", "TCK-123456"), numbers and lower-case words are passed over
   * without being split, outside lower-case text.
   */
  maybeName(i: number): boolean {
    const end = this.#ends[i]!;
    let k = this.#starts[i]!;
    let c = this.#text.charCodeAt(k);
    while (k < end && c < 0x80 && !((c | 0x20) >= 97 && (c | 0x20) <= 122) && !(c >= 48 && c <= 57)) c = this.#text.charCodeAt(++k);
    if (k + 1 >= end) return false;
    if (c >= 0x80) return true;
    if (c < 65 || c > 90) return false;
    const d = this.#text.charCodeAt(k + 1);
    return (d >= 97 && d <= 122) || d === 39 || d >= 0x80;
  }

  /** Word i as written, lower-cased (its punctuation kept). */
  rawLower(i: number): string {
    const raw = this.#text.slice(this.#starts[i]!, this.#ends[i]!).toLowerCase();
    const c = raw.charCodeAt(0);
    return c >= 97 && c <= 122 ? raw : raw.replace(/^[^\p{L}]+/u, "");
  }

  at(i: number): IndexedWord | undefined {
    if (i < 0 || i >= this.#starts.length) return undefined;
    let w = this.#made[i];
    if (w === undefined) {
      // Named members, not a spread: a spread copy was 15 % of a scan.
      const { start, end, core, lower, lead, trail } = words(this.#text, this.#starts[i]!, this.#ends[i]!)[0]!;
      w = { start, end, core, lower, lead, trail, index: i };
      this.#made[i] = w;
    }
    return w;
  }
}
