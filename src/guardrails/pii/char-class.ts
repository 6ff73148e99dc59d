/**
 * Character tests on a string at an index, without slicing it: the NAME/ADDRESS pre-pass reads
 * every word of every text, so per-word substrings and regular expressions were most of its cost.
 * ASCII is answered from the code; anything else by a sticky Unicode property pattern.
 */

/** Exactly JavaScript's `\s` (WhiteSpace and LineTerminator). */
export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

const UPPER = /\p{Lu}/uy;

/** `\p{Lu}` at text[i] (a whole code point when a surrogate pair starts there). */
export function isUpperAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return c >= 65 && c <= 90;
  UPPER.lastIndex = i;
  return UPPER.test(text);
}

/**
 * Whether a word starting with this code can be a street word ("st", "road", "parkway", ...):
 * their first letters in either case, and "ſ", which /iu folds to "s" (checked over every UTF-16
 * code unit). Most words are ruled out without a slice or a regex.
 */
export function mayStartStreetWord(c: number): boolean {
  if (c === 0x17f) return true;
  const l = c | 0x20;
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? l === 97 || l === 98 || l === 99 || l === 100 || l === 108 || l === 112 || l === 114 || l === 115 || l === 116 || l === 119 : false;
}
