import { isDigitCode, isSpaceCode, isUpperAt, mayStartStreetWord } from "./char-class.js";
import type { NlpSpan } from "./nlp-doc.js";

/** The parts of compromise's model this scan reads, as compromise's world holds them. */
export interface CompromiseModel {
  readonly one: { readonly lexicon: Readonly<Record<string, string | readonly string[]>> };
  readonly two: {
    readonly placeWords: Readonly<Record<string, boolean>>;
    readonly orgWords: Readonly<Record<string, boolean>>;
    readonly switches: Readonly<Record<string, string>>;
  };
}

/**
 * What this scan reads of compromise's model, copied once into maps and sets (its objects are
 * plain, so "constructor" would read their prototype's, and a set answers in one lookup): its
 * lexicon (a lower-case word or phrase → its tag or tags); its place and organisation words
 * ("river", "county", "inc"), after which its tagger turns capitalised neighbours into a place or
 * an organisation; and its switches, words it tags by context ("june": a person or a date).
 */
export interface Lexicon {
  readonly words: ReadonlyMap<string, string | readonly string[]>;
  readonly placeOrOrgWords: ReadonlySet<string>;
  readonly switches: ReadonlySet<string>;
  /**
   * The words it knows only as first names and are no switches (not "will", "june", "grace"):
   * one lookup for the name cues' knownFirst, asked of every word of lower-case text.
   */
  readonly firstNames: ReadonlySet<string>;
}

export function lexiconOf(model: CompromiseModel): Lexicon {
  const placeOrOrgWords = new Set<string>();
  for (const table of [model.two.placeWords, model.two.orgWords]) {
    for (const [word, is] of Object.entries(table)) if (is === true) placeOrOrgWords.add(word);
  }
  const words = new Map(Object.entries(model.one.lexicon));
  const switches = new Set(Object.keys(model.two.switches));
  const firstNames = new Set<string>();
  for (const [word, entry] of words) if (allTags(entry, isFirstName) && !switches.has(word)) firstNames.add(word);
  return { words, placeOrOrgWords, switches, firstNames };
}

function entryOf(lexicon: Lexicon, lower: string): string | readonly string[] | undefined {
  return lexicon.words.get(lower);
}

function isSwitch(lexicon: Lexicon, lower: string): boolean {
  return lexicon.switches.has(lower);
}

export function anyTag(entry: string | readonly string[], test: (tag: string) => boolean): boolean {
  return typeof entry === "string" ? test(entry) : entry.some(test);
}

/** Every tag passes, and there is at least one. */
export function allTags(entry: string | readonly string[], test: (tag: string) => boolean): boolean {
  return typeof entry === "string" ? test(entry) : entry.length > 0 && entry.every(test);
}

export interface Word {
  readonly start: number;
  readonly end: number;
  /** The word without the punctuation around it. */
  readonly core: string;
  /** core in lower case, made once: the scan looks it up in several maps and sets. */
  readonly lower: string;
  readonly lead: string;
  readonly trail: string;
}

/** A word with its index among its text's words (LazyWords'); -1 from `words`, which has no use for it. */
export interface IndexedWord extends Word {
  readonly index: number;
}

const SPLIT = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;

function isAsciiLetterOrDigit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/**
 * The whitespace-delimited words of text[from, to), each split into leading punctuation, core
 * and trailing punctuation (the first to the last letter or number). An all-ASCII word is split
 * by its character codes; any other by SPLIT, which reads code points and Unicode classes.
 */
export function words(text: string, from: number, to: number): Word[] {
  const out: Word[] = [];
  for (let i = from; i < to;) {
    while (i < to && isSpaceCode(text.charCodeAt(i))) i++;
    if (i >= to) break;
    const start = i;
    let ascii = true;
    for (; i < to; i++) {
      const c = text.charCodeAt(i);
      if (isSpaceCode(c)) break;
      if (c >= 0x80) ascii = false;
    }
    out.push(split(text, start, i, ascii, -1));
  }
  return out;
}

/**
 * The word text[start, end) (no whitespace in it) split as `words` splits each: also called
 * alone by LazyWords, which splits a word only when a rule first reads it.
 */
export function splitWord(text: string, start: number, end: number, index: number): IndexedWord {
  let ascii = true;
  for (let i = start; i < end && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
  return split(text, start, end, ascii, index);
}

// Every word made with the same members in the same order (one object shape), `index` included.
function split(text: string, start: number, end: number, ascii: boolean, index: number): IndexedWord {
  if (!ascii) {
    const [, lead = "", core = "", trail = ""] = SPLIT.exec(text.slice(start, end)) ?? [];
    return { start, end, core, lower: core.toLowerCase(), lead, trail, index };
  }
  let a = start;
  while (a < end && !isAsciiLetterOrDigit(text.charCodeAt(a))) a++;
  if (a === end) return { start, end, core: "", lower: "", lead: text.slice(start, end), trail: "", index };
  let b = end;
  while (!isAsciiLetterOrDigit(text.charCodeAt(b - 1))) b--;
  const core = text.slice(a, b);
  return { start, end, core, lower: core.toLowerCase(), lead: a === start ? "" : text.slice(start, a), trail: b === end ? "" : text.slice(b, end), index };
}

/** Starts with a capital (\p{Lu}). */
function capitalised(core: string): boolean {
  return core.length > 0 && isUpperAt(core, 0);
}
// A plain capitalised word: no inner capitals, apostrophes, hyphens or digits, which compromise
// splits or reads in ways this scan does not try to follow.
const PLAIN = /^\p{Lu}\p{Ll}+$/u;
// A code or acronym ("NI", "AB", "TCK-123456", "12"): no lower case at all, and a digit or at
// most three letters (compromise reads a longer capitalised word by its suffix: "FEYSVILLE").
const CODE = /^(?:[\p{Lu}\p{N}][\p{Lu}\p{N}-]*\p{N}[\p{Lu}\p{N}-]*|\p{N}[\p{Lu}\p{N}-]*|\p{Lu}{1,3})$/u;
const PRONOUN_I = /^I(?:['’](?:m|ll|ve|d))?$/u;
const STREET_WORD = /^(?:st|street|rd|road|crescent|cr|way|tr|terrace|avenue|ave|lane|boulevard|blvd|drive|dr|parkway)$/iu;
const STREET_WORDS: ReadonlySet<string> = new Set(["st", "street", "rd", "road", "crescent", "cr", "way", "tr", "terrace", "avenue", "ave", "lane", "boulevard", "blvd", "drive", "dr", "parkway"]);

/**
 * STREET_WORD.test(w.core), an ASCII core by a lookup of its lower case: /iu folds only "ſ" and
 * the Kelvin sign onto ASCII letters, neither of which is ASCII, so an ASCII core matches exactly
 * when its lower case is listed.
 */
export function isStreetWord(w: Word): boolean {
  const core = w.core;
  for (let i = 0; i < core.length; i++) if (core.charCodeAt(i) >= 0x80) return STREET_WORD.test(core);
  return STREET_WORDS.has(w.lower);
}
// Punctuation after a surname that ends the name as compromise reads it.
const CLOSING = /^[.,;:!?)"\]]*$/u;

/**
 * Decides one window of text (`ws`, its words as `words` splits them: LazyWords.within, which
 * reuses the text's words split once) from compromise's own lexicon, without its tagger, when the window
 * is of the one shape this scan is sure of: its only possible name is a first name compromise
 * knows followed by a plain capitalised word it does not know, or knows as a surname ("Ada
 * Lovelace"), and every other capitalised word or number in it is a code, an acronym or a
 * number with no street word about (which compromise tags Acronym or Value, neither a person nor
 * a place), or a common word opening a sentence. Returns the people found, or undefined when
 * the window needs compromise's tagger: any honorific, place, known non-name capitalised word,
 * unknown capitalised word without a first name before it, or a longer run of capitals.
 */
export function decideWindow(lexicon: Lexicon, commonOpeners: ReadonlySet<string>, text: string, ws: readonly Word[]): NlpSpan[] | undefined {
  const people: NlpSpan[] = [];
  for (const w of ws) {
    if (w.core.length <= 9 && mayStartStreetWord(w.core.charCodeAt(0)) && isStreetWord(w)) return undefined;
    // "@name" and "#tag": compromise tags an at-mention a person ("RT @someone").
    if (w.lead.includes("@") || w.lead.includes("#")) return undefined;
    // "Tanner Country", "Phillip Rivers", "Johnson LLC": the tagger reads the words before a
    // place or organisation word as that place or organisation.
    if (lexicon.placeOrOrgWords.has(w.lower)) return undefined;
  }
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w.core === "") continue;
    const lower = w.lower;
    const entry = entryOf(lexicon, lower);
    if (!capitalised(w.core) && !hasDigit(w.core)) {
      // A lower-case word compromise knows as a name or place can still be tagged one; it would
      // score under MIN_SCORE, but could join a capitalised neighbour into one span.
      if (entry !== undefined && anyTag(entry, isNameOrPlace)) return undefined;
      // Nor its parts, which compromise reads apart ("moe's": a person).
      if (lower.includes("'") || lower.includes("’") || lower.includes("-")) {
        for (const part of lower.split(JOINED)) {
          const e = entryOf(lexicon, part);
          if (e !== undefined && anyTag(e, isNameOrPlace)) return undefined;
        }
      }
      continue;
    }
    const next = ws[i + 1];
    const nextCapitalised = next !== undefined && capitalised(next.core) && next.lead === "";
    if (entry === undefined && CODE.test(w.core) && !ACRONYM_PLACES.has(lower)) {
      // "NI AB 12": compromise tags each an Acronym or a Value, never a person or a place.
      continue;
    }
    const prev = ws[i - 1];
    if (PRONOUN_I.test(w.core) && !nextCapitalised) continue;
    // A common opener, but not after "in": the tagger's "in [ProperNoun]" is a place ("in Go?").
    const afterIn = prev !== undefined && prev.lower === "in";
    if (!afterIn && commonOpeners.has(lower) && !nextCapitalised && (entry === undefined || !anyTag(entry, isNameOrPlace))) continue;
    if (entry !== undefined && allTags(entry, isFirstName) && w.lead === "" && w.trail === "" && PLAIN.test(w.core) && next !== undefined && text.slice(w.end, next.start) === " " && next.lead === "" && PLAIN.test(next.core) && CLOSING.test(next.trail)) {
      const after = ws[i + 2];
      const nextEntry = entryOf(lexicon, next.lower);
      const surname = nextEntry === undefined || nextEntry === "LastName" || (typeof nextEntry !== "string" && nextEntry.length === 1 && nextEntry[0] === "LastName");
      // Nor after "in" (the tagger's "in [ProperNoun]" is a place), nor after a lone dash or
      // other punctuation, which compromise joins to the name ("- Forrest Gump").
      const prevPlain = prev === undefined || (prev.core !== "" && prev.lower !== "in" && (!capitalised(prev.core) || prev.trail !== ""));
      const afterPlain = next.trail !== "" || after === undefined || !capitalised(after.core);
      if (surname && prevPlain && afterPlain) {
        people.push({ start: w.start, end: next.start + next.core.length });
        i++;
        continue;
      }
    }
    // A function word's contraction opening what the tagger reads: "What's", "It's", "They're".
    if (prev === undefined && w.lead === "" && CLOSING.test(w.trail) && (w.trail !== "" || !nextCapitalised) && isFunctionContraction(lexicon, w.core)) continue;
    if (entry === undefined || isSwitch(lexicon, lower) || w.lead !== "" || !PLAIN.test(w.core) || !CLOSING.test(w.trail)) return undefined;
    const alone = w.trail !== "" || !nextCapitalised;
    // A first name compromise knows, alone, then a verb or function word ("Magnus spent a"),
    // a comma or full stop, or nothing: a lower-case noun after it the tagger may take for a
    // surname ("Chris brown"), and a colon makes it a speaker's label.
    const nextPlain = w.trail === "" ? next === undefined || (next.lead === "" && isPlainWord(lexicon, next.core)) : w.trail === "," || w.trail === ".";
    if (allTags(entry, isFirstName) && nextPlain && (prev === undefined || (prev.core !== "" && prev.trail === "" && !capitalised(prev.core) && prev.lower !== "in"))) {
      people.push({ start: w.start, end: w.start + w.core.length });
      continue;
    }
    // A verb, adverb, exclamation or other function word opening what the tagger reads, which it
    // keeps as the lexicon has it: "Oh do they", "Maybe it was".
    if (prev === undefined && alone && allTags(entry, isFunctionOrVerb)) continue;
    return undefined;
  }
  return people;
}

function hasDigit(core: string): boolean {
  for (let i = 0; i < core.length; i++) if (isDigitCode(core.charCodeAt(i))) return true;
  return false;
}
// Capitals compromise's acronym pass tags a place ("LA", "NY"); its list, not in its model.
const ACRONYM_PLACES = new Set(["la", "ny", "us", "dc", "gb", "uk"]);

const FUNCTION_OR_VERB = new Set([
  "Expression", "Adverb", "Preposition", "Conjunction", "Determiner", "Pronoun", "QuestionWord", "Modal", "Copula", "Negative",
  "Infinitive", "PresentTense", "PastTense", "Gerund", "PhrasalVerb", "Participle", "Verb",
]);

function isFunctionOrVerb(tag: string): boolean {
  return FUNCTION_OR_VERB.has(tag);
}

const JOINED = /['’-]/u;
const CONTRACTION = /^(\p{Lu}\p{Ll}*)['’](?:s|re|m|ll|ve|d)$/u;

/** "What's": a capitalised word the lexicon knows only as a verb or function word, contracted. */
function isFunctionContraction(lexicon: Lexicon, core: string): boolean {
  const base = CONTRACTION.exec(core)?.[1]?.toLowerCase();
  if (base === undefined) return false;
  const entry = entryOf(lexicon, base);
  return entry !== undefined && !isSwitch(lexicon, base) && allTags(entry, isFunctionOrVerb);
}

/** A lower-case word the lexicon knows only as a verb or a function word. */
function isPlainWord(lexicon: Lexicon, core: string): boolean {
  if (core === "" || capitalised(core)) return false;
  const entry = entryOf(lexicon, core);
  return entry !== undefined && !isSwitch(lexicon, core) && allTags(entry, isFunctionOrVerb);
}

function isFirstName(tag: string): boolean {
  return tag === "FirstName" || tag === "MaleName" || tag === "FemaleName";
}

function isNameOrPlace(tag: string): boolean {
  return tag === "FirstName" || tag === "MaleName" || tag === "FemaleName" || tag === "LastName" || tag === "Person" || tag === "Honorific" ||
    tag === "Place" || tag === "City" || tag === "Country" || tag === "Region" || tag === "Address";
}
