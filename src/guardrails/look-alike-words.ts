import { CodePointClass } from "./code-point-class.js";
import { FOLDS, isLookAlike } from "./character-folds.js";

/** What one word is made of, for deciding its look-alikes. */
export const IN_WORD = new CodePointClass(/^[\p{L}\p{N}\p{M}]$/u);
const LETTER = new CodePointClass(/^\p{L}$/u);
/** Latin letters and ASCII digits: what makes a look-alike next to them read as Latin. */
export const LATIN = new CodePointClass(/^[\p{Script=Latin}0-9]$/u);

/** How far either side of a word of look-alikes alone the nearest other letter is looked for. */
const CONTEXT = 64;

/**
 * Each word holding a look-alike becomes Latin when it also holds a Latin letter or a digit
 * ("nightshаde", "АВ123456С"), or when it is made of look-alikes alone and the nearest other
 * letters either side are Latin ("is АВ 12 34 56 C"). In Russian or Greek text the nearest other
 * letter is Cyrillic or Greek, and its words stay as they are. True when any letter changed.
 */
export function asLatin(units: Uint16Array, n: number, lookAlikes: readonly number[]): boolean {
  let changed = false;
  let decidedTo = -1;
  for (const at of lookAlikes) {
    if (at < decidedTo) continue; // its word was decided with an earlier look-alike's
    let start = at;
    while (start > 0 && IN_WORD.has(units[start - 1]!)) start--;
    let end = at + 1;
    while (end < n && IN_WORD.has(units[end]!)) end++;
    decidedTo = end;
    if (!amongLatin(units, n, start, end)) continue;
    for (let k = start; k < end; k++) {
      const kind = FOLDS.of(units[k]!);
      if (isLookAlike(kind)) {
        units[k] = kind & 0xff;
        changed = true;
      }
    }
  }
  return changed;
}

function amongLatin(units: Uint16Array, n: number, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const unit = units[k]!;
    if (LATIN.has(unit)) return true;
    if (LETTER.has(unit) && !isLookAlike(FOLDS.of(unit))) return false;
  }
  const before = nearestOtherLetter(units, start - 1, -1, Math.max(0, start - CONTEXT));
  const after = nearestOtherLetter(units, end, 1, Math.min(n - 1, end + CONTEXT));
  return (before < 0 || LATIN.has(before)) && (after < 0 || LATIN.has(after));
}

/** The nearest letter that is not a look-alike from `from` towards `limit` (inclusive), or -1. */
function nearestOtherLetter(units: Uint16Array, from: number, step: 1 | -1, limit: number): number {
  for (let k = from; step < 0 ? k >= limit : k <= limit; k += step) {
    const unit = units[k]!;
    if (LETTER.has(unit) && !isLookAlike(FOLDS.of(unit))) return unit;
  }
  return -1;
}

