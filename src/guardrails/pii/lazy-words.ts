import { isSpaceCode, isUpperAt } from "./char-class.js";
import { splitWord, type IndexedWord } from "./lexicon-scan.js";

export type { IndexedWord } from "./lexicon-scan.js";

/**
 * The whitespace-delimited words of a text, as lexicon-scan's `words` splits them, but each split
 * (three substrings and an object) only when a rule first reads it: most words are lower case
 * or codes and are passed over by their first two characters (`maybeName`).
 */
export class LazyWords {
  readonly #text: string;
  // Typed arrays sized for the most words the text can hold: no growth while splitting.
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  readonly #length: number;
  readonly #made: (IndexedWord | undefined)[] = [];
  /** Whether some stretch of the text has no capital within `reach` either side (lower-case rules can apply). */
  readonly lowerStretch: boolean;
  /** capWord's answers by word index: 0 not asked, 1 yes, 2 no. */
  readonly cap: Uint8Array;
  /**
   * The indexes of the words `maybeName` accepts, ascending, noted while splitting: outside
   * lower-case text the rules read only these (and their neighbours), not every word.
   */
  readonly candidates: number[] = [];

  constructor(text: string, reach: number) {
    this.#text = text;
    const n = text.length;
    const most = (n + 1) >> 1;
    const starts = new Int32Array(most);
    const ends = new Int32Array(most);
    const candidates = this.candidates;
    let count = 0;
    // The same loop notes whether some stretch has no capital within `reach` either side.
    let prevCapital = -reach - 1;
    let stretch = false;
    // One pass, each character read once, lower-case ASCII (most of them) by the first test.
    let start = -1;
    // Whether the word being read has a capital or a non-ASCII character: without one,
    // maybeName is false and is not asked.
    let marked = false;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      let space: boolean;
      if (c < 0x80) {
        if (c > 90) {
          if (start < 0) start = i;
          continue;
        }
        space = c === 32 || (c >= 9 && c <= 13);
      } else space = isSpaceCode(c);
      if (space) {
        if (start >= 0) {
          if (marked && maybeNameAt(text, start, i)) candidates.push(count);
          starts[count] = start;
          ends[count++] = i;
          start = -1;
          marked = false;
        }
        continue;
      }
      if (start < 0) start = i;
      if (c >= 0x80) marked = true;
      if (c < 0x80 ? c >= 65 && c <= 90 : isUpperAt(text, i)) {
        marked = true;
        if (i - prevCapital > 2 * reach + 1) stretch = true;
        prevCapital = i;
      }
    }
    if (start >= 0) {
      if (marked && maybeNameAt(text, start, n)) candidates.push(count);
      starts[count] = start;
      ends[count++] = n;
    }
    this.lowerStretch = stretch || n - prevCapital > reach + 1;
    this.#starts = starts;
    this.#ends = ends;
    this.#length = count;
    this.cap = new Uint8Array(count);
  }

  get length(): number {
    return this.#length;
  }

  /**
   * Whether word i can be a capitalised name word (capWord, or a speaker's label): past any ASCII
   * punctuation, a capital, then a lower-case letter or an apostrophe (or any non-ASCII letters,
   * left to capWord). Codes ("NI", "TCK-123456"), numbers and lower-case words are passed over
   * without being split, outside lower-case text.
   */
  maybeName(i: number): boolean {
    return maybeNameAt(this.#text, this.#starts[i]!, this.#ends[i]!);
  }

  /**
   * Whether rawLower(i) is in the list. An ASCII word is compared in place, its capitals folded,
   * without a lower-cased copy (the lower-case rules ask it of every word of lower-case text),
   * and most words are refused by their last character: lower-casing maps an ASCII last
   * character on its own, whatever comes before it.
   */
  rawLowerIn(i: number, list: WordList): boolean {
    const text = this.#text;
    const end = this.#ends[i]!;
    let a = this.#starts[i]!;
    const z = text.charCodeAt(end - 1);
    if (z < 0x80 && list.lastAscii[z] === 0) return false;
    for (let k = a; k < end; k++) if (text.charCodeAt(k) >= 0x80) return list.words.has(this.rawLower(i));
    // rawLower drops what comes before the first letter.
    while (a < end && !isAsciiLetter(text.charCodeAt(a))) a++;
    const same = list.byLength[end - a];
    if (same === undefined) return false;
    for (const word of same) {
      let k = 0;
      for (; k < word.length; k++) {
        const c = text.charCodeAt(a + k);
        if ((c >= 65 && c <= 90 ? c | 0x20 : c) !== word.charCodeAt(k)) break;
      }
      if (k === word.length) return true;
    }
    return false;
  }

  /** Where word i starts and ends in the text (its punctuation included), without splitting it. */
  startOf(i: number): number {
    return this.#starts[i]!;
  }

  endOf(i: number): number {
    return this.#ends[i]!;
  }

  /** Word i as written, lower-cased (its punctuation kept). */
  rawLower(i: number): string {
    const raw = this.#text.slice(this.#starts[i]!, this.#ends[i]!).toLowerCase();
    const c = raw.charCodeAt(0);
    return c >= 97 && c <= 122 ? raw : raw.replace(/^[^\p{L}]+/u, "");
  }

  at(i: number): IndexedWord | undefined {
    if (i < 0 || i >= this.#length) return undefined;
    let w = this.#made[i];
    if (w === undefined) {
      // Made with its index, not copied (a spread copy was 15 % of a scan, a named one still an object per word).
      w = splitWord(this.#text, this.#starts[i]!, this.#ends[i]!, i);
      this.#made[i] = w;
    }
    return w;
  }
}

/** LazyWords.maybeName of the word text[start, end). */
function maybeNameAt(text: string, start: number, end: number): boolean {
  let k = start;
  let c = text.charCodeAt(k);
  while (k < end && c < 0x80 && !((c | 0x20) >= 97 && (c | 0x20) <= 122) && !(c >= 48 && c <= 57)) c = text.charCodeAt(++k);
  if (k + 1 >= end) return false;
  if (c >= 0x80) return true;
  if (c < 65 || c > 90) return false;
  const d = text.charCodeAt(k + 1);
  return (d >= 97 && d <= 122) || d === 39 || d >= 0x80;
}

function isAsciiLetter(c: number): boolean {
  return (c | 0x20) >= 97 && (c | 0x20) <= 122;
}

/** Lower-case words LazyWords.rawLowerIn looks a word up in, prepared for it. */
export interface WordList {
  readonly words: ReadonlySet<string>;
  /** The words by length (code units). */
  readonly byLength: readonly (readonly string[] | undefined)[];
  /** By ASCII code: 1 where a word can end in that character once lower-cased. */
  readonly lastAscii: Uint8Array;
}

export function wordList(words: ReadonlySet<string>): WordList {
  const byLength: string[][] = [];
  const lastAscii = new Uint8Array(128);
  for (const w of words) {
    (byLength[w.length] ??= []).push(w);
    const z = w.charCodeAt(w.length - 1);
    if (z < 0x80) {
      lastAscii[z] = 1;
      if (z >= 97 && z <= 122) lastAscii[z - 32] = 1;
    }
  }
  return { words, byLength, lastAscii };
}
