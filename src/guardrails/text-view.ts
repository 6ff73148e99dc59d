import { CodePointClass } from "./code-point-class.js";
import { stringOf } from "./code-units.js";
import { DROP, FOLDS, isLookAlike, KEEP, MARK, REPLACED, REPLACED_BY_ONE, UNACCENTED } from "./character-folds.js";
import type { CharacterFolds } from "./character-folds.js";
import { asLatin, IN_WORD, LATIN } from "./look-alike-words.js";
import { Units } from "./view-units.js";

/** A span of the original text: [start, end) in UTF-16 units. */
export interface OriginalSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * A text as the detectors read it: invisible characters out, compatibility forms (full-width
 * letters and digits, "＠", no-break spaces) as their plain letters, other scripts' digits as
 * ASCII digits, Cyrillic and Greek look-alikes among Latin text as the Latin letters they show,
 * and, in the unaccented view the word policies read, accents off Latin letters (character-folds.ts).
 * A finding in the view is put back on the original text with `span`, so what is masked, blocked
 * and reported is the original's characters, the invisible ones inside an identifier included.
 *
 * Plain ASCII text, by far the commonest, has nothing to fold: one test finds that and the view
 * is the text itself, with no map.
 */
export class TextView {
  readonly text: string;
  /** Whether the view is the original text itself. */
  readonly identity: boolean;
  /**
   * Per view code unit: where the original character it comes from starts, and where it ends
   * (past any mark dropped after it); none when every unit sits where its character did (a fold
   * of one unit into one, as full-width forms and look-alikes are).
   */
  readonly #from: Int32Array | undefined;
  readonly #to: Int32Array | undefined;
  /**
   * A second reading, when an invisible character (or a mark the view drops) stood between two
   * letters or digits: "x\u200BAB123456C" is "xAB123456C" joined, which is no NI number, and an
   * NI number when the zero-width space separates, as it is meant to. A model may read it either
   * way, so the detectors read both; this one keeps those characters and folds the rest.
   */
  readonly separated: TextView | undefined;
  readonly #original: string;
  /** The unaccented view, once asked for; this view itself when the text has nothing it would read otherwise. */
  #unaccented: TextView | undefined;

  constructor(original: string, folded?: Folded, separated?: TextView, unaccentedSame = true) {
    this.#original = original;
    this.text = folded?.text ?? original;
    this.identity = folded === undefined;
    this.#from = folded?.from;
    this.#to = folded?.to;
    this.separated = separated;
    this.#unaccented = unaccentedSame ? this : undefined;
  }

  /**
   * The view the word policies read: the same, and accents off Latin letters, every mark after one
   * dropped, superscripts and circled numbers folded too, and letters of any script as the word
   * boundary where invisible characters joined them.
   */
  unaccented(): TextView {
    return (this.#unaccented ??= build(this.#original, UNACCENTED));
  }

  /** Whether every view unit is at its original's index: spans need not be put back. */
  get aligned(): boolean {
    return this.#from === undefined;
  }

  /** The original text's span that the view's [start, end) was read from. */
  span(start: number, end: number): OriginalSpan {
    const from = this.#from;
    const to = this.#to;
    if (from === undefined || to === undefined) return { start, end };
    const first = start < from.length ? from[start]! : this.#original.length;
    return { start: first, end: end > start ? to[end - 1]! : first };
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/** The PII detectors' view of `text` (the text itself when nothing in it folds); `unaccented()` gives the word policies'. */
export function viewOf(text: string): TextView {
  if (!NON_ASCII.test(text)) return new TextView(text);
  // One pass says whether anything folds, and whether the unaccented view could read anything
  // differently (an accent, a mark, a superscript, an invisible character): most texts with
  // non-ASCII characters need neither view built, or one.
  let folds = false;
  let differs = false;
  for (let i = 0; i < text.length && !(folds && differs); i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const point = c >= 0xd800 && c <= 0xdbff ? text.codePointAt(i)! : c;
    const kind = FOLDS.of(point);
    folds ||= kind !== KEEP;
    differs ||= kind === DROP || kind === MARK || UNACCENTED.of(point) !== kind;
  }
  if (!folds) return new TextView(text, undefined, undefined, !differs);
  return build(text, FOLDS, !differs);
}

function build(text: string, folds: CharacterFolds, unaccentedSame = true): TextView {
  const joined = fold(text, folds, false);
  if (joined === undefined) return new TextView(text, undefined, undefined, unaccentedSame);
  if (!joined.glued) return new TextView(text, joined, undefined, unaccentedSame);
  const separated = fold(text, folds, true);
  return new TextView(text, joined, new TextView(text, separated), unaccentedSame);
}

interface Folded {
  readonly text: string;
  /** Undefined when aligned (see TextView). */
  readonly from: Int32Array | undefined;
  readonly to: Int32Array | undefined;
  /** Folding joined two characters the original kept apart (see TextView.separated). */
  readonly glued: boolean;
}

/** Letters and digits: the word policies' word characters. */
const WORD = new CodePointClass(/^[\p{L}\p{N}]$/u);

const latinish = (unit: number): boolean => unit >= 0 && (LATIN.has(unit) || isLookAlike(FOLDS.of(unit)));
const asciiAlphanumeric = (u: number): boolean => (u >= 0x30 && u <= 0x39) || ((u | 0x20) >= 0x61 && (u | 0x20) <= 0x7a);
const isWord = (u: number): boolean => WORD.has(u);

/**
 * The fold of `text`, or undefined when it changes nothing. `glued` is set where an invisible
 * character or a dropped mark stood between two characters of the readers' boundary class (ASCII
 * letters and digits for the PII patterns, any letter or digit for the word policies), and with
 * `keepGlue` they stay there.
 */
function fold(text: string, folds: CharacterFolds, keepGlue: boolean): Folded | undefined {
  const inClass = folds.unaccent ? isWord : asciiAlphanumeric;
  /** Whether the view may read this unit as in the class once look-alikes are settled. */
  const mayBeInClass = (u: number): boolean => u >= 0 && (inClass(u) || (!folds.unaccent && isLookAlike(FOLDS.of(u))));
  const out = new Units(text.length + 16);
  const lookAlikes: number[] = [];
  let changed = false;
  let glued = false;
  /** A run of invisible characters [pending, pendingEnd) not written yet, or -1. */
  let pending = -1;
  let pendingEnd = -1;
  /** A mark was dropped after the last unit written. */
  let markGap = false;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c < 0x80 && pending < 0 && !markGap) {
      out.push(c, i, i + 1);
      i++;
      continue;
    }
    const point = c >= 0xd800 && c <= 0xdbff ? text.codePointAt(i)! : c;
    const width = point > 0xffff ? 2 : 1;
    const kind = c < 0x80 ? KEEP : folds.of(point);
    if (kind === KEEP && width === 1 && pending < 0 && !markGap) {
      out.push(c, i, i + 1);
      i++;
      continue;
    }
    if (kind === DROP) {
      if (pending < 0) pending = i;
      pendingEnd = i + width;
      i += width;
      continue;
    }
    const last = out.n > 0 ? out.units[out.n - 1]! : -1;
    // A mark is dropped after a Latin letter, a digit or a look-alike (where the PII view has no
    // letter composed of the two), unless keeping the glue and what follows would join the two.
    if (kind === MARK && latinish(last) && (folds.unaccent || !composes(last, point)) && !(keepGlue && mayBeInClass(last) && mayBeInClass(firstUnitAt(text, i + width, folds)))) {
      changed = true;
      markGap = true;
      out.extendLast(i + width);
      i += width;
      continue;
    }
    const one = kind >= REPLACED_BY_ONE ? kind & 0xffff : -1;
    const replacement = kind >= REPLACED && one < 0 ? folds.replacement(point) : undefined;
    if (pending >= 0 || markGap) {
      const first = one >= 0 ? one : replacement === undefined ? c : replacement.charCodeAt(0);
      const joins = mayBeInClass(last) && mayBeInClass(first);
      if (pending >= 0) {
        // Between two letters of other scripts (Persian's non-joiner, Thai's zero-width space) they are spelling, not disguise.
        const spelling = IN_WORD.has(last) && IN_WORD.has(first) && !latinish(last) && !latinish(first);
        if (spelling || (keepGlue && joins)) {
          for (let k = pending; k < pendingEnd; k++) out.push(text.charCodeAt(k), k, k + 1);
        } else {
          changed = true;
          glued ||= joins;
        }
        pending = -1;
      } else {
        glued ||= joins;
      }
      markGap = false;
    }
    if (one >= 0) {
      changed = true;
      out.push(one, i, i + width);
    } else if (replacement !== undefined) {
      changed = true;
      for (let k = 0; k < replacement.length; k++) out.push(replacement.charCodeAt(k), i, i + width);
    } else {
      if (isLookAlike(kind)) lookAlikes.push(out.n);
      for (let k = 0; k < width; k++) out.push(text.charCodeAt(i + k), i + k, i + k + 1);
    }
    i += width;
  }
  if (pending >= 0) changed = true;
  if (lookAlikes.length > 0 && asLatin(out.units, out.n, lookAlikes)) changed = true;
  if (!changed) return undefined;
  return { text: stringOf(out.units, out.n), from: out.from?.subarray(0, out.n), to: out.to?.subarray(0, out.n), glued };
}

/** The first unit the view writes for the character at `at`, or -1 for none (the end, an invisible character, a mark). */
function firstUnitAt(text: string, at: number, folds: CharacterFolds): number {
  if (at >= text.length) return -1;
  const c = text.charCodeAt(at);
  if (c < 0x80) return c;
  const point = text.codePointAt(at)!;
  const kind = folds.of(point);
  return kind === DROP || kind === MARK ? -1 : kind >= REPLACED_BY_ONE ? kind & 0xffff : kind >= REPLACED ? folds.replacement(point).charCodeAt(0) : c;
}

/** Whether a mark after a letter makes one composed letter ("e" and U+0301 is "é"). */
function composes(letter: number, mark: number): boolean {
  return (String.fromCharCode(letter) + String.fromCodePoint(mark)).normalize("NFC").length === 1;
}
