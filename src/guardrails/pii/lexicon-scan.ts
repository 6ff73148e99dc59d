import type { NlpSpan } from "./nlp-doc.js";

/** compromise's lexicon: a lower-case word (or phrase) → its tag or tags. */
export type Lexicon = Readonly<Record<string, string | readonly string[]>>;

const FIRST_NAME = new Set(["FirstName", "MaleName", "FemaleName"]);

function tagsOf(lexicon: Lexicon, word: string): readonly string[] | undefined {
  const key = word.toLowerCase();
  // The lexicon is a plain object: "constructor" or "__proto__" would read its prototype's.
  if (!Object.hasOwn(lexicon, key)) return undefined;
  const t = lexicon[key];
  return t === undefined ? undefined : typeof t === "string" ? [t] : t;
}

interface Word {
  readonly start: number;
  readonly end: number;
  /** The word without the punctuation around it. */
  readonly core: string;
  readonly lead: string;
  readonly trail: string;
}

const WORD = /[^\s]+/gu;
const SPLIT = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;

function words(text: string, from: number, to: number): Word[] {
  const out: Word[] = [];
  for (const m of text.slice(from, to).matchAll(WORD)) {
    const [, lead = "", core = "", trail = ""] = SPLIT.exec(m[0]) ?? [];
    out.push({ start: from + m.index, end: from + m.index + m[0].length, core, lead, trail });
  }
  return out;
}

const CAPITALISED = /^\p{Lu}/u;
// A plain capitalised word: no inner capitals, apostrophes, hyphens or digits, which compromise
// splits or reads in ways this scan does not try to follow.
const PLAIN = /^\p{Lu}\p{Ll}+$/u;
// A code or acronym ("NI", "AB", "TCK-123456", "12"): no lower case at all, and a digit or at
// most three letters (compromise reads a longer capitalised word by its suffix: "FEYSVILLE").
const CODE = /^(?:[\p{Lu}\p{N}][\p{Lu}\p{N}-]*\p{N}[\p{Lu}\p{N}-]*|\p{N}[\p{Lu}\p{N}-]*|\p{Lu}{1,3})$/u;
const PRONOUN_I = /^I(?:['’](?:m|ll|ve|d))?$/u;
const STREET_WORD = /^(?:st|street|rd|road|crescent|cr|way|tr|terrace|avenue|ave|lane|boulevard|blvd|drive|dr|parkway)$/iu;
// Punctuation after a surname that ends the name as compromise reads it.
const CLOSING = /^[.,;:!?)"\]]*$/u;

/**
 * Decides one window of text from compromise's own lexicon, without its tagger, when the window
 * is of the one shape this scan is sure of: its only possible name is a first name compromise
 * knows followed by a plain capitalised word it does not know, or knows as a surname ("Ada
 * Lovelace"), and every other capitalised word or number in it is a code, an acronym or a
 * number with no street word about (which compromise tags Acronym or Value, neither a person nor
 * a place), or a common word opening a sentence. Returns the people found, or undefined when
 * the window needs compromise's tagger: any honorific, place, known non-name capitalised word,
 * unknown capitalised word without a first name before it, or a longer run of capitals.
 */
export function decideWindow(lexicon: Lexicon, commonOpeners: ReadonlySet<string>, text: string, from: number, to: number): NlpSpan[] | undefined {
  const ws = words(text, from, to);
  const people: NlpSpan[] = [];
  for (const w of ws) if (STREET_WORD.test(w.core)) return undefined;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w.core === "") continue;
    const lower = w.core.toLowerCase();
    const tags = tagsOf(lexicon, lower);
    if (!CAPITALISED.test(w.core) && !/\d/u.test(w.core)) {
      // A lower-case word compromise knows as a name or place can still be tagged one; it would
      // score under MIN_SCORE, but could join a capitalised neighbour into one span.
      if (tags !== undefined && tags.some(isNameOrPlace)) return undefined;
      continue;
    }
    const next = ws[i + 1];
    const nextCapitalised = next !== undefined && CAPITALISED.test(next.core) && next.lead === "";
    if (CODE.test(w.core) && tags === undefined) {
      // "NI AB 12": compromise tags each an Acronym or a Value, never a person or a place.
      continue;
    }
    if (PRONOUN_I.test(w.core) && !nextCapitalised) continue;
    if (commonOpeners.has(lower) && !nextCapitalised && (tags === undefined || !tags.some(isNameOrPlace))) continue;
    if (tags !== undefined && tags.some((t) => FIRST_NAME.has(t)) && tags.every((t) => FIRST_NAME.has(t)) && w.lead === "" && w.trail === "" && PLAIN.test(w.core) && next !== undefined && text.slice(w.end, next.start) === " " && next.lead === "" && PLAIN.test(next.core) && CLOSING.test(next.trail)) {
      const prev = ws[i - 1];
      const after = ws[i + 2];
      const nextTags = tagsOf(lexicon, next.core);
      const surname = nextTags === undefined || (nextTags.length === 1 && nextTags[0] === "LastName");
      const prevPlain = prev === undefined || !CAPITALISED.test(prev.core) || prev.trail !== "";
      const afterPlain = next.trail !== "" || after === undefined || !CAPITALISED.test(after.core);
      if (surname && prevPlain && afterPlain) {
        people.push({ start: w.start, end: next.start + next.core.length });
        i++;
        continue;
      }
    }
    return undefined;
  }
  return people;
}

function isNameOrPlace(tag: string): boolean {
  return tag === "FirstName" || tag === "MaleName" || tag === "FemaleName" || tag === "LastName" || tag === "Person" || tag === "Honorific" ||
    tag === "Place" || tag === "City" || tag === "Country" || tag === "Region" || tag === "Address";
}
