/**
 * What the detectors' view of a text (text-view.ts) makes of one character. A caller hides an
 * identifier or a denied word from a pattern with characters a reader does not see or does not
 * tell apart: a zero-width space or a soft hyphen inside it, full-width letters and digits, a
 * Cyrillic "а" for a Latin "a", an accent. The view reads them as the plain letters they show.
 */
export const KEEP = 0;
/** Invisible: a default-ignorable or format character (zero-width space and joiners, soft hyphen, bidi controls, BOM). */
export const DROP = 1;
/**
 * A combining mark: after a Latin letter, a digit or a look-alike, dropped where Unicode has no
 * letter composed of the two (a strike-through on each digit of a number, a keycap) and kept
 * where it has one ("e" and U+0301 is "é" written in two: a name, read as it was); kept after
 * anything else. The unaccented view drops every mark after those.
 */
export const MARK = 2;
/** LOOK_ALIKE | the Latin letter's code: a Cyrillic or Greek letter drawn as that Latin letter, replaced only among Latin text. */
export const LOOK_ALIKE = 0x100;
/**
 * Replaced by the string `replacement` gives: its compatibility form (NFKC), a dash as "-", a
 * digit as ASCII, and in the unaccented view a Latin letter without its accents.
 */
export const REPLACED = 0x10000;
/** REPLACED_BY_ONE | the unit: replaced by that one UTF-16 unit (most are), with no lookup of `replacement`. */
export const REPLACED_BY_ONE = 0x20000;
export const isLookAlike = (fold: number): boolean => fold >= LOOK_ALIKE && fold < REPLACED;

/**
 * Cyrillic and Greek letters that print as a Latin letter in common fonts, from Unicode's
 * confusables data (UTS #39) where it maps the letter to one ASCII letter (the palochka "Ӏ" as
 * the capital "I" it stands for among capitals, where UTS #39 writes "l"). Written out here, not
 * taken from a package: the npm ones either rewrite a whole string whatever its script (the
 * `confusables` package turns Russian "з" into "3" and "б" into "6") or are a native binary that
 * also strips whitespace and every accent (`decancer`), and none says where a replaced character
 * came from, which the view needs to put findings back on the original text. The view replaces
 * these only where they sit among Latin letters or digits, so Russian or Greek text stays as it is.
 */
const LOOK_ALIKES: ReadonlyMap<number, string> = new Map(Object.entries({
  // Cyrillic capitals, then small letters.
  "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X",
  "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y", "Һ": "H", "Ӏ": "I", "Ԛ": "Q", "Ԝ": "W",
  "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ү": "y", "һ": "h",
  "ӏ": "l", "ԁ": "d", "ԛ": "q", "ԝ": "w",
  // Greek capitals, then small letters.
  "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T",
  "Υ": "Y", "Χ": "X", "Ϲ": "C", "Ϳ": "J",
  "α": "a", "ι": "i", "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
}).map(([from, to]) => [from.codePointAt(0)!, to]));

/**
 * Dashes a number may be written with instead of "-" (hyphen, non-breaking hyphen, figure and en
 * dashes, minus); not the em dash, which sets off words, not digits.
 */
const DASHES = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xfe58]);

const INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u;
const COMBINING = /^[\p{Mn}\p{Me}]$/u;
const LATIN_FIRST = /^\p{Script=Latin}/u;
const ANY_MARK = /\p{M}/u;
const MARKS = /\p{M}/gu;
const DECIMAL = /^\p{Nd}$/u;
/**
 * Superscripts, subscripts, circled and fraction numbers, modifier letters, ordinal indicators and
 * trademark signs: a reader sees them set apart from the letters beside them ("AB123456C²" is an
 * NI number and a footnote), so the PII view leaves them as they are. A letter or digit made to
 * look different (full-width, mathematical, a look-alike) reads as that letter, and folds.
 */
const DECORATION = /^[\p{No}\p{Lm}\u00AA\u00BA\u2120-\u2122]$/u;

/** Tag characters (U+E0020–E007E) spell ASCII invisibly; some models read them, so the view does too. */
const TAG_SPACE = 0xe0020;
const TAG_TILDE = 0xe007e;

/**
 * Each code point's fold, worked out the first time a text shows it (from Unicode's tables, which
 * do not change while the process runs) and kept: per BMP code unit in a table, astral code
 * points in a bounded map, replacements by code point. `unaccent` takes accents off Latin letters:
 * the word policies read text so ("nightsháde" is "nightshade"), the PII detectors do not, since
 * "Ján" without its accent is "Jan", a month to the name tagger.
 */
export class CharacterFolds {
  /** Per BMP code unit: its fold, or -1 not worked out yet. */
  readonly #bmp = new Int32Array(0x10000).fill(-1);
  readonly #astral = new Map<number, number>();
  readonly #replacements = new Map<number, string>();

  constructor(readonly unaccent: boolean) {
    for (let c = 0; c < 0x80; c++) this.#bmp[c] = KEEP;
  }

  of(point: number): number {
    if (point < 0x10000) {
      const known = this.#bmp[point]!;
      return known >= 0 ? known : (this.#bmp[point] = this.#work(point));
    }
    let known = this.#astral.get(point);
    if (known === undefined) {
      known = this.#work(point);
      if (this.#astral.size < MAX_ASTRAL_KEPT) this.#astral.set(point, known);
    }
    return known;
  }

  /** What a REPLACED code point becomes. */
  replacement(point: number): string {
    return this.#replacements.get(point) ?? this.#replacing(point);
  }

  #work(point: number): number {
    const char = String.fromCodePoint(point);
    if (point >= TAG_SPACE && point <= TAG_TILDE) return REPLACED_BY_ONE | (point - 0xe0000);
    if (INVISIBLE.test(char)) return DROP;
    if (COMBINING.test(char)) return MARK;
    const latin = LOOK_ALIKES.get(point);
    if (latin !== undefined) return LOOK_ALIKE | latin.charCodeAt(0);
    if (!this.unaccent && DECORATION.test(char)) return KEEP;
    const folded = this.#replacing(point);
    return folded === char ? KEEP : folded.length === 1 ? REPLACED_BY_ONE | folded.charCodeAt(0) : REPLACED;
  }

  #replacing(point: number): string {
    let folded: string;
    if (point >= TAG_SPACE && point <= TAG_TILDE) folded = String.fromCharCode(point - 0xe0000);
    else if (DASHES.has(point)) folded = "-";
    else {
      const char = String.fromCodePoint(point);
      folded = char.normalize("NFKC");
      // Other scripts' digits (Arabic-Indic "١٢٣", Devanagari "१२३") have no compatibility form.
      if (folded === char && DECIMAL.test(char)) folded = String(digitValue(point));
      const parts = this.unaccent ? folded.normalize("NFD") : "";
      if (LATIN_FIRST.test(parts)) folded = parts.replace(MARKS, "");
      // A spacing accent's compatibility form is a space and a combining mark ("´" is " ́"): it
      // would put a space where there was none, so such a character stays as it is.
      else if (ANY_MARK.test(folded)) folded = char;
    }
    if (this.#replacements.size < MAX_REPLACEMENTS_KEPT) this.#replacements.set(point, folded);
    return folded;
  }
}

/**
 * A decimal digit's value: Unicode encodes each script's digits as one run from zero to nine
 * (a stability guarantee), so it is the distance from the run's start.
 */
function digitValue(point: number): number {
  let zero = point;
  while (zero > 0 && DECIMAL.test(String.fromCodePoint(zero - 1))) zero--;
  return (point - zero) % 10;
}

const MAX_ASTRAL_KEPT = 4096;
const MAX_REPLACEMENTS_KEPT = 16_384;

export const FOLDS = new CharacterFolds(false);
export const UNACCENTED = new CharacterFolds(true);

/** Every look-alike in `text` as its Latin letter, wherever it is (for configured words, read without context). */
export function lookAlikesAsLatin(text: string): string {
  let out = "";
  for (const char of text) {
    const fold = FOLDS.of(char.codePointAt(0)!);
    out += isLookAlike(fold) ? String.fromCharCode(fold & 0xff) : char;
  }
  return out;
}
