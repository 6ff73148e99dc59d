import { isSpaceCode, isUpperAt } from "./char-class.js";
import { splitWord, type IndexedWord } from "./lexicon-scan.js";

export type { IndexedWord } from "./lexicon-scan.js";

/** LazyWords.markOf: the word holds an ASCII digit. */
export const DIGIT = 1;
/** LazyWords.markOf: the word holds a capital or a non-ASCII character (which may be one). */
export const CAPITAL_OR_WIDE = 2;

/**
 * The whitespace-delimited words of a text, as lexicon-scan's `words` splits them, but each split
 * (three substrings and an object) only when a rule first reads it: most words are lower case
 * or codes and are passed over by their first two characters (`maybeName`).
 *
 * One split per text serves every reader of its words: the NAME cues, and nlp-doc's pre-filter
 * (`windows`) and lexicon scan (`decideWindow`), which read the words of a stretch of the text
 * (`firstEndingAfter`, `within`). Splitting the text three times was a quarter of the scan.
 */
export class LazyWords {
  readonly #text: string;
  // Typed arrays sized for the most words the text can hold: no growth while splitting.
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  /** Each word's marks: DIGIT, CAPITAL_OR_WIDE (nlp-doc's pre-filter reads them of every word). */
  readonly #marks: Uint8Array;
  readonly #length: number;
  readonly #made: (IndexedWord | undefined)[] = [];
  // The text's capitals as lowerStretch reads them: the first's and last's offsets (-1: none)
  // and the longest distance between two consecutive ones.
  readonly #firstCapital: number;
  readonly #lastCapital: number;
  readonly #widestGap: number;
  /**
   * The indexes of the words `maybeName` accepts, ascending, noted while splitting: outside
   * lower-case text the rules read only these (and their neighbours), not every word.
   */
  readonly candidates: number[] = [];

  constructor(text: string) {
    this.#text = text;
    const n = text.length;
    const most = (n + 1) >> 1;
    const starts = new Int32Array(most);
    const ends = new Int32Array(most);
    const marks = new Uint8Array(most);
    const candidates = this.candidates;
    let count = 0;
    // The same loop notes where the capitals are (lowerStretch).
    let firstCapital = -1;
    let prevCapital = -1;
    let widestGap = 0;
    // One pass, each character read once, lower-case ASCII (most of them) by the first test.
    let start = -1;
    // Whether the word being read has a capital or a non-ASCII character: without one,
    // maybeName is false and is not asked.
    let marked = false;
    let digit = 0;
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
          marks[count] = marked ? digit | CAPITAL_OR_WIDE : digit;
          ends[count++] = i;
          start = -1;
          marked = false;
          digit = 0;
        }
        continue;
      }
      if (start < 0) start = i;
      if (c >= 0x80) marked = true;
      else if (c <= 57 && c >= 48) digit = DIGIT;
      if (c < 0x80 ? c >= 65 && c <= 90 : isUpperAt(text, i)) {
        marked = true;
        if (prevCapital < 0) firstCapital = i;
        else if (i - prevCapital > widestGap) widestGap = i - prevCapital;
        prevCapital = i;
      }
    }
    if (start >= 0) {
      if (marked && maybeNameAt(text, start, n)) candidates.push(count);
      starts[count] = start;
      marks[count] = marked ? digit | CAPITAL_OR_WIDE : digit;
      ends[count++] = n;
    }
    this.#firstCapital = firstCapital;
    this.#lastCapital = prevCapital;
    this.#widestGap = widestGap;
    this.#starts = starts;
    this.#ends = ends;
    this.#marks = marks;
    this.#length = count;
  }

  /**
   * Whether some stretch of the text has no capital within `reach` either side (the NAME cues'
   * lower-case rules can apply there): before the first capital, between two, after the last.
   */
  lowerStretch(reach: number): boolean {
    const n = this.#text.length;
    if (this.#firstCapital < 0) return n > 0;
    return this.#firstCapital > reach || this.#widestGap > 2 * reach + 1 || n - this.#lastCapital > reach + 1;
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

  /** Whether word i holds an ASCII digit. */
  hasDigit(i: number): boolean {
    return (this.#marks[i]! & DIGIT) !== 0;
  }

  /** Word i's marks: DIGIT where it holds an ASCII digit, CAPITAL_OR_WIDE where a capital or a non-ASCII character. */
  markOf(i: number): number {
    return this.#marks[i]!;
  }

  /** The first word starting at or after `at`; length when none. */
  firstStartingFrom(at: number): number {
    return firstAtLeast(this.#starts, this.#length, at);
  }

  /** The first word ending after `at` (so the first with something in text[at, ...)); length when none. */
  firstEndingAfter(at: number): number {
    return firstAtLeast(this.#ends, this.#length, at + 1);
  }

  /**
   * The words of text[from, to) as lexicon-scan's `words(text, from, to)` makes them: the text's
   * words there (split once, shared), and a word the stretch's edge cuts (a chunk's hard cut
   * falls inside words) split as cut, with index -1: the stretch's words are the parts of the
   * text's words inside it.
   */
  within(from: number, to: number): IndexedWord[] {
    const out: IndexedWord[] = [];
    if (from >= to) return out;
    const starts = this.#starts;
    const ends = this.#ends;
    for (let k = this.firstEndingAfter(from); k < this.#length && starts[k]! < to; k++) {
      const start = starts[k]!;
      const end = ends[k]!;
      out.push(start >= from && end <= to ? this.at(k)! : splitWord(this.#text, Math.max(start, from), Math.min(end, to), -1));
    }
    return out;
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

// The words of the text being scanned, made by the first reader to ask (the NAME cues or nlp-doc)
// and read by the others. One slot, emptied by findPii when it is done (through nlp-doc's
// forgetParse), so no customer content stays in module memory.
let shared: LazyWords | undefined;
let sharedText: string | undefined;

/** The words of `text`, split once for every reader of this text. */
export function wordsOf(text: string): LazyWords {
  if (shared === undefined || sharedText !== text) {
    shared = new LazyWords(text);
    sharedText = text;
  }
  return shared;
}

/** Empties wordsOf's slot. */
export function forgetWords(): void {
  shared = undefined;
  sharedText = undefined;
}

/** The first index below `length` whose (ascending) value is at least `at`; `length` when none. */
function firstAtLeast(values: ArrayLike<number>, length: number, at: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! >= at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
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
