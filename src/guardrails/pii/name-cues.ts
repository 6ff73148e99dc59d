import type { PiiMatch } from "./recogniser.js";
import { isUpperAt } from "./char-class.js";
import { wordList, wordsOf, type IndexedWord, type LazyWords } from "./lazy-words.js";
import { anyTag, type Lexicon, type Word } from "./lexicon-scan.js";

/**
 * Names compromise's tagger misses, found from the shape of the text around them and compromise's
 * lexicon (no list of our own): a name the lexicon does not know is still a name when a cue
 * says so ("my name is", "Hi X,", "Producer X Y", a speaker's label, a line of its own in a
 * signature), when it has a middle initial ("Janka M. Szász"), or when it follows a first name
 * the lexicon knows. A word the lexicon knows as something other than a name (a noun, a verb, a
 * place, a month, an organisation) is never taken for one, which is the precision guard.
 *
 * Every rule reads at most REACH characters either side of what it reports, so a stream scanner
 * holding the NAME recogniser's maxLength plus its context sees what the whole text would show.
 */
export const REACH = 120;

/** Longest name word read (code units): longer capitalised runs are codes or noise. */
const LONGEST_WORD = 30;
/** Longest span reported, within the recogniser's maxLength. */
export const LONGEST_NAME = 80;

// "Khan", "O'Neill", "MacDonald", "Hauta-aho", "Oyelaran-Smith": a capital, then lower case.
const NAME_SHAPE = /^(?:\p{Lu}['’])?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{L}\p{Ll}+)*$/u;
const LOWER_SHAPE = /^\p{Ll}{2,}(?:-\p{Ll}+)*$/u;
/** Ends in a possessive "'s" or "’s" (what /['’]s$/u tests, read from the codes: base() is asked of most words read). */
function possessive(core: string): boolean {
  const n = core.length;
  if (n < 2 || core.charCodeAt(n - 1) !== 115) return false;
  const q = core.charCodeAt(n - 2);
  return q === 39 || q === 0x2019;
}
const INITIAL = /^\p{Lu}$/u;
const LOWER_INITIAL = /^\p{Ll}$/u;
const SENTENCE_END = /[.!?]["'’”)\]]*$/u;

/** Endings whose removal (and the letters after it) gives the base form the lexicon holds. */
const INFLECTIONS: ReadonlyArray<readonly [string, string]> = [["ies", "y"], ["es", ""], ["s", ""], ["ed", ""], ["ed", "e"], ["ing", ""], ["ing", "e"]];
/** Endings of English common words, never of the surnames lower-case text is read for. */
const COMMON_ENDING = /(?:tion|sion|ment|ness|ity|ing|ly|ous|ful|able|ible|ive)$/u;

const NAME_TAGS = new Set(["FirstName", "MaleName", "FemaleName", "LastName", "Person"]);
const PLACE_TAGS = new Set(["Place", "City", "Country", "Region"]);
const isNameTag = (t: string): boolean => NAME_TAGS.has(t);
const isActorTag = (t: string): boolean => t === "Actor";
const isFirstTag = (t: string): boolean => t === "FirstName" || t === "MaleName" || t === "FemaleName";

/**
 * Verbs whose subject is a person, after a capitalised word opening a sentence ("Tomomi is from",
 * "Alvir spent a year"). Two-word ones are written with their space.
 */
const PERSON_VERBS = new Set([
  "lives", "lived", "spent", "began", "shouted", "said", "says", "told", "wrote", "works", "worked", "moved", "married",
  "studied", "replied", "asked", "smiled", "laughed", "cried", "whispered", "explained", "graduated", "retired", "resigned",
  "is from", "was born", "grew up", "was raised",
]);

/** Relations after a possessive that only a person has ("Franciska's kid"; not "Apple's engineers"). */
const KIN = new Set([
  "kid", "kids", "child", "children", "son", "sons", "daughter", "daughters", "wife", "husband", "mother", "father", "mum", "mom", "dad",
  "brother", "sister", "parents", "family", "partner", "boyfriend", "girlfriend", "fiance", "fiancee", "grandmother", "grandfather",
  "grandson", "granddaughter", "cousin", "aunt", "uncle", "niece", "nephew", "widow", "widower", "killer", "killers", "funeral",
]);

/** A capitalised label glued to its speech by a colon and a quotation mark. */
const GLUED_LABEL = /^(\p{Lu}\p{Ll}+):["'“‘]/u;
const AGE_AFTER = /^ \d{1,3}(?: years? old|-year-old)\b/u;
const COPULA = new Set(["is", "was", "became", "becomes"]);
/** Words opening a role in apposition after a name. */
const APPOSITION = new Set(["the", "a", "an", "our", "my", "their", "his", "her", "your"]);

/** Words after "X," that open a request to X: "Warrane, can I please speak to your boss?" */
const VOCATIVE_NEXT = new Set(["can", "could", "would", "will", "please", "i", "you", "we", "do", "are", "have", "thank", "thanks"]);

/**
 * Phrases written just before a name, any case: self-introductions, greetings and sign-offs,
 * naming verbs, reporting verbs, credits and contact verbs ("follow up with X", "spoke with X").
 */
const CUE_BEFORE = /(?<![\p{L}\p{N}])(?:my name is|my name['’]s|name is|(?:first |last |full )?name[:?]|['’]s name|call me|calls me|called|named(?: him| her| them)?|known as|hi|hello|hey|dear|says|said|asked|told|signed|regards,|sincerely,|directed by|written by|produced by|starring|follow up with|(?:speak|spoke|talk|talked|speaking|talking) (?:to|with)|met with|cc:?|(?:mr|mrs|ms|dr)\.)[ \t]{1,8}$/iu;
/** The last word of every cue in CUE_BEFORE, as written (lower-cased): a cheap test before it. */
const CUE_LAST = new Set([
  "is", "name", "name's", "name’s", "name:", "name?", "me", "called", "named", "him", "her", "them", "as", "hi", "hello", "hey", "dear", "says", "said",
  "asked", "told", "signed", "regards,", "sincerely,", "by", "starring", "with", "to", "cc", "cc:", "mr.", "mrs.", "ms.", "dr.",
]);
const CUE_LAST_LIST = wordList(CUE_LAST);
/** Characters before a word read for a cue: the longest cue and its spaces. */
const CUE_REACH = 32;

export interface NameCueLexicon {
  readonly lexicon: Lexicon;
  readonly commonOpeners: ReadonlySet<string>;
}

interface Hit {
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

class Reader {
  readonly ws: LazyWords;
  readonly hits: Hit[] = [];
  /** capWord's answers by word index: 0 not asked, 1 yes, 2 no. */
  readonly cap: Uint8Array;
  /**
   * capWord's answers by word core, for this text only: a name or a capitalised word recurs in
   * a text. Not kept across texts, so no customer's words stay in module memory.
   */
  readonly #capCache = new Map<string, boolean>();

  /** Offsets of the text's capital letters, ascending (lowerAround's binary search). */
  #uppers: number[] | undefined;

  constructor(readonly text: string, readonly lx: NameCueLexicon) {
    // Split once for the text: nlp-doc's pre-filter and lexicon scan read the same words.
    this.ws = wordsOf(text);
    this.cap = new Uint8Array(this.ws.length);
  }

  entry(lower: string): string | readonly string[] | undefined {
    return this.lx.lexicon.words.get(lower);
  }

  /** The word's core without a possessive "'s". */
  base(w: Word): string {
    return possessive(w.core) ? w.core.slice(0, -2) : w.core;
  }

  /** A first name the lexicon knows and knows as nothing else (not "Will", "June", "Grace"). */
  knownFirst(core: string): boolean {
    return this.knownFirstLower(core.toLowerCase());
  }

  /** knownFirst of a core already lower-cased (a Word's `lower`). */
  knownFirstLower(lower: string): boolean {
    return this.lx.lexicon.firstNames.has(lower);
  }

  /** The lexicon knows the word as a name (first, last or whole). */
  knownName(core: string): boolean {
    const e = this.entry(core.toLowerCase());
    return e !== undefined && anyTag(e, isNameTag);
  }

  /** The lexicon knows the word as something that is not a name. */
  nonName(lower: string): boolean {
    if (this.lx.lexicon.placeOrOrgWords.has(lower)) return true;
    const e = this.entry(lower);
    if (e !== undefined) return !anyTag(e, isNameTag);
    // The lexicon holds base forms: "partners", "invested", "recording" are known through them.
    for (const [suffix, add] of INFLECTIONS) {
      if (lower.length > suffix.length + 2 && lower.endsWith(suffix)) {
        const stem = lower.slice(0, lower.length - suffix.length) + add;
        const se = this.entry(stem);
        if (se !== undefined && !anyTag(se, isNameTag)) return true;
      }
    }
    return false;
  }

  /** A capitalised word that can be part of a name: name-shaped, not a known non-name, not a common opener. */
  capWord(w: IndexedWord | undefined): boolean {
    if (w === undefined || w.core === "" || !isUpperAt(w.core, 0)) return false;
    // Every rule asks it, most words several times: answered once per word.
    const known = this.cap[w.index]!;
    if (known !== 0) return known === 1;
    let is = this.#capCache.get(w.core);
    if (is === undefined) {
      is = this.#capWord(w);
      this.#capCache.set(w.core, is);
    }
    this.cap[w.index] = is ? 1 : 2;
    return is;
  }

  #capWord(w: Word): boolean {
    const b = this.base(w);
    if (b.length > LONGEST_WORD || !NAME_SHAPE.test(b)) return false;
    const lower = b.toLowerCase();
    return !this.nonName(lower) && !this.lx.commonOpeners.has(lower);
  }

  /** A lower-case word that can be part of a name: unknown to the lexicon, or known as a name. */
  lowWord(w: Word | undefined): boolean {
    if (w === undefined) return false;
    const b = this.base(w);
    if (b.length > LONGEST_WORD || !LOWER_SHAPE.test(b) || COMMON_ENDING.test(b)) return false;
    return !this.nonName(b) && !this.lx.commonOpeners.has(b);
  }

  initial(w: Word | undefined, lower = false): boolean {
    return w !== undefined && (lower ? LOWER_INITIAL : INITIAL).test(w.core) && (w.trail === "" || w.trail === ".");
  }

  /** Words i and i+1 are neighbours on one line with nothing but spaces between them. */
  joined(i: number): boolean {
    const a = this.ws.at(i);
    const b = this.ws.at(i + 1);
    if (a === undefined || b === undefined || b.lead !== "") return false;
    if (a.trail !== "" && !(a.trail === "." && INITIAL.test(a.core.toUpperCase()) && a.core.length === 1)) return false;
    if (possessive(a.core)) return false;
    for (let k = a.end; k < b.start; k++) if (this.text.charCodeAt(k) === 10 || this.text.charCodeAt(k) === 13) return false;
    return true;
  }

  /** Whether a line break comes before word i (or it opens the text), skipping words with no letters ("> ", "???"). */
  lineStart(i: number): boolean {
    const w = this.ws.at(i)!;
    for (let k = w.start - 1; k >= 0; k--) {
      const c = this.text.charCodeAt(k);
      if (c === 10 || c === 13) return true;
      if (c !== 32 && c !== 9 && isLetterOrDigitAt(this.text, k)) return false;
    }
    return true;
  }

  sentenceStart(i: number): boolean {
    if (this.lineStart(i)) return true;
    const prev = this.ws.at(i - 1);
    // An initial's full stop ("Halka T. Worowska") ends no sentence.
    return prev !== undefined && SENTENCE_END.test(prev.trail) && !INITIAL.test(prev.core);
  }

  /** No capital letter within REACH of [start, end): text written all in lower case. */
  uppers(): number[] {
    if (this.#uppers === undefined) {
      const up: number[] = [];
      for (let k = 0; k < this.text.length; k++) {
        const c = this.text.charCodeAt(k);
        if (c < 0x80 ? c >= 65 && c <= 90 : isUpperAt(this.text, k)) up.push(k);
      }
      this.#uppers = up;
    }
    return this.#uppers;
  }

  lowerAround(start: number, end: number): boolean {
    const up = this.uppers();
    const from = start - REACH;
    let lo = 0;
    let hi = up.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (up[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo >= up.length || up[lo]! >= end + REACH;
  }

  /**
   * The last word of a capitalised name run starting at word i (itself taken as a name word):
   * joined capitalised words or initials, at most four words, an initial only before a word.
   */
  capRun(i: number, max = 4): number {
    let j = i;
    while (j - i + 1 < max && this.joined(j)) {
      const next = this.ws.at(j + 1);
      if (this.capWord(next)) j++;
      else if (this.initial(next) && j + 2 - i + 1 <= max && this.joined(j + 1) && this.capWord(this.ws.at(j + 2))) j += 2;
      else break;
    }
    return j;
  }

  /** The same in lower-case text. */
  lowRun(i: number, max = 3): number {
    let j = i;
    while (j - i + 1 < max && this.joined(j)) {
      const next = this.ws.at(j + 1);
      if (this.lowWord(next)) j++;
      else if (this.initial(next, true) && this.joined(j + 1) && this.lowWord(this.ws.at(j + 2))) j += 2;
      else break;
    }
    return j;
  }

  add(i: number, j: number, score: number): void {
    const a = this.ws.at(i)!;
    const b = this.ws.at(j)!;
    // "Rand Corporation", "Aunt Bertha Inc", "Marina Fort Street": the run names a firm or a place.
    const after = this.ws.at(j + 1);
    if (after !== undefined && this.joined(j) && this.lx.lexicon.placeOrOrgWords.has(after.lower)) return;
    const start = a.start + a.lead.length;
    const end = b.start + b.lead.length + this.base(b).length;
    if (end > start && end - start <= LONGEST_NAME) this.hits.push({ start, end, score });
  }

  /** A cue phrase ends just before word w (read only for words that can start a name, not by scanning the text). */
  cueBefore(i: number): boolean {
    const w = this.ws.at(i)!;
    // The regular expression is read only after the word before is a cue's last word.
    if (w.lead !== "" || i === 0 || !this.ws.rawLowerIn(i - 1, CUE_LAST_LIST)) return false;
    return CUE_BEFORE.test(this.text.slice(Math.max(0, w.start - CUE_REACH), w.start));
  }

  /** A role (compromise's Actor: "producer", "colleague") or a relation ("kid"). */
  isRole(lower: string): boolean {
    if (KIN.has(lower)) return true;
    const e = this.entry(lower);
    return e !== undefined && anyTag(e, isActorTag);
  }

  /**
   * A role (singular or plural) within three lower-case words from word k, before any
   * punctuation: "a nurse", "the best teacher", "precision engineers".
   */
  roleAhead(k: number, from: number): boolean {
    for (let m = k; m < k + 3 && m < this.ws.length; m++) {
      const w = this.ws.at(m)!;
      // Nothing past REACH from where the name starts (what a stream scanner holds).
      if (w.end - from > REACH) return false;
      if (w.lead !== "" || w.core === "" || w.core !== w.core.toLowerCase()) return false;
      if (this.isRole(w.core) || (w.core.endsWith("s") && this.isRole(w.core.slice(0, -1)))) return true;
      if (w.trail !== "") return false;
    }
    return false;
  }

  /**
   * Whether text[start, end) occurs again within REACH of its start, alone on its line but for leading
   * non-letters ("> ", "??? ").
   */
  repeatedLine(start: number, end: number): boolean {
    const text = this.text;
    const run = text.slice(start, end);
    const from = Math.max(0, start - REACH);
    // Both ends within REACH of the start: what a stream scanner holds.
    const to = Math.min(text.length, start + REACH);
    for (let at = text.indexOf(run, from); at !== -1 && at + run.length <= to; at = text.indexOf(run, at + 1)) {
      if (at === start) continue;
      const after = text.charCodeAt(at + run.length);
      if (!(at + run.length === text.length || after === 10 || after === 13)) continue;
      let k = at - 1;
      while (k >= 0 && text.charCodeAt(k) !== 10 && text.charCodeAt(k) !== 13 && !isLetterOrDigitAt(text, k)) k--;
      if (k < 0 || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13) return true;
    }
    return false;
  }

  /** No letter or digit comes before word i in the text ("??? Hafþór Smárason" opens it). */
  opensText(i: number): boolean {
    const w = this.ws.at(i)!;
    for (let k = w.start - 1; k >= 0; k--) if (isLetterOrDigitAt(this.text, k)) return false;
    return true;
  }
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/uy;

/** \p{L} or \p{N} at text[k], ASCII answered from the code. */
function isLetterOrDigitAt(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  if (c < 0x80) return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122);
  LETTER_OR_DIGIT.lastIndex = k;
  return LETTER_OR_DIGIT.test(text);
}

// "Hawkins, Richardson and Santana": three capitalised single words in a list.
const FIRM_LIST = /(?<![\p{L}\p{N}'’-])(\p{Lu}\p{Ll}+), (\p{Lu}\p{Ll}+),? (?:and|&) (\p{Lu}\p{Ll}+)(?![\p{L}\p{N}'’-])/gu;

/**
 * Lists of three surnames with no first name among them ("Hawkins, Richardson and Santana",
 * "Jones, Smith and Davis Orchestra"): how firms are named, while people are listed by first
 * names. Returned as [start, end) ranges, where a NAME found is the firm's, not a person's.
 */
export function firmLists(text: string, lx: NameCueLexicon): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  // The list's literals first: most texts have no ", " or no " and " / " & ", and no search is run.
  if (!text.includes(", ") || (!text.includes(" and ") && !text.includes(" & "))) return out;
  FIRM_LIST.lastIndex = 0;
  for (let m = FIRM_LIST.exec(text); m !== null; m = FIRM_LIST.exec(text)) {
    const first = [m[1]!, m[2]!, m[3]!].some((w) => {
      const e = lx.lexicon.words.get(w.toLowerCase());
      return e !== undefined && anyTag(e, isFirstTag);
    });
    // After a colon the list is an enumeration ("our 3 founders: Eklund, Graves and Hodge").
    const colon = /:\s*$/u.test(text.slice(Math.max(0, m.index - 3), m.index));
    if (!first && !colon) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Every name the cues find in `text`, scored for findPii (the tagger's own finds score 0.6–0.85). */
export function findNameCues(text: string, lx: NameCueLexicon): PiiMatch[] {
  const r = new Reader(text, lx);
  const ws = r.ws;
  const n = ws.length;
  const labels: { start: number; end: number }[] = [];
  // Most text has a capital every few sentences: then no word is in lower-case text, and the
  // lower-case rules are not asked word by word.
  const lowerText = ws.lowerStretch(REACH);
  // Outside lower-case text only maybeName's words, noted while splitting, are read.
  const candidates = ws.candidates;
  const reads = lowerText ? n : candidates.length;
  let nextCandidate = 0;
  for (let q = 0; q < reads; q++) {
    const i = lowerText ? q : candidates[q]!;
    if (lowerText) {
      // A word maybeName refuses is read only by the lower-case rules, and both ask lowerAround:
      // outside a lower-case stretch it is passed over unsplit.
      const candidate = candidates[nextCandidate] === i;
      if (candidate) nextCandidate++;
      else if (!r.lowerAround(ws.startOf(i), ws.endOf(i))) continue;
    }
    const w = ws.at(i)!;
    // The next word, ws.at(i + 1), is split only when a rule reads it: not for "Please".
    // A middle initial: "Janka M. Szász", "Juliusz A Kwiatkowski"; in lower case, after a known first name.
    if (r.capWord(w) && r.joined(i) && r.initial(ws.at(i + 1)) && r.joined(i + 1) && r.capWord(ws.at(i + 2))) r.add(i, r.capRun(i), 0.8);
    // A first name the lexicon knows, then a name word (or a place name: "Marta Palermo").
    const upper = w.core !== "" && isUpperAt(w.core, 0);
    if (upper && r.knownFirstLower(w.lower) && NAME_SHAPE.test(w.core) && r.joined(i) && ws.at(i + 1) !== undefined) {
      const next = ws.at(i + 1)!;
      const nb = r.base(next);
      const nextOk = r.capWord(next) || (NAME_SHAPE.test(nb) && anyTag(r.entry(nb.toLowerCase()) ?? [], (t) => PLACE_TAGS.has(t)));
      if (nextOk) r.add(i, r.capWord(next) ? r.capRun(i) : i + 1, 0.7);
    }
    // Lower-case text: a known first name, then a word the lexicon does not know otherwise ("eva kleist").
    // (joined needs no trailing punctuation on a word of two letters or more: asked first, before the lookup.)
    if (lowerText && !upper && w.trail === "" && r.knownFirstLower(w.lower) && LOWER_SHAPE.test(w.core) && r.joined(i) && r.lowerAround(w.start, w.end)) {
      const j = r.lowRun(i);
      if (j > i) r.add(i, j, 0.6);
    }
    // A role or a relation before a name: "Producer Liviana Palerma", "my colleague Ubul", "my kid Tadzio".
    if (r.capWord(w) && i > 0 && r.joined(i - 1) && r.isRole(ws.at(i - 1)!.lower)) r.add(i, r.capRun(i), 0.7);
    // A name, then a role in apposition: "Hijacinta Godina, the technical writer, said".
    if (r.capWord(w) && !(i > 0 && r.joined(i - 1) && r.capWord(ws.at(i - 1)))) {
      const j = r.capRun(i, 3);
      const det = ws.at(j + 1);
      if (ws.at(j)!.trail === "," && det !== undefined && APPOSITION.has(det.core) && det.trail === "") {
        for (let k = j + 2; k <= j + 4 && k < n; k++) {
          if (ws.at(k)!.end - w.start > REACH) break;
          if (r.isRole(ws.at(k)!.lower)) { r.add(i, j, 0.65); break; }
          if (ws.at(k)!.trail !== "") break;
        }
      }
    }
    // A possessive before a relation: "Franciska's kid", "Amanda's daughter".
    if (upper && possessive(w.core) && w.trail === "" && r.capWord(w) && ws.at(i + 1) !== undefined && ws.at(i + 1)!.lead === "") {
      if (KIN.has(ws.at(i + 1)!.core)) {
        let s = i;
        while (s > 0 && i - s < 2 && r.joined(s - 1) && r.capWord(ws.at(s - 1))) s--;
        r.add(s, i, 0.65);
      }
    }
    // Cue phrases, then a name: capitalised, or in lower-case text a word the lexicon does not know otherwise.
    if (lowerText && !upper && r.cueBefore(i) && r.lowerAround(w.start, w.end) && r.lowWord(w)) r.add(i, r.lowRun(i), 0.6);
    // A speaker's label glued to the speech: 'Heather:"I'm Daniel's daughter".'
    if (upper && w.lead === "" && r.lineStart(i)) {
      const g = GLUED_LABEL.exec(w.core);
      if (g !== null && !r.nonName(g[1]!.toLowerCase()) && !lx.commonOpeners.has(g[1]!.toLowerCase())) labels.push({ start: w.start, end: w.start + g[1]!.length });
    }
    if (!r.capWord(w)) continue;
    if (r.cueBefore(i)) r.add(i, r.capRun(i), 0.7);
    const opens = r.sentenceStart(i);
    // A speaker's label opening a line: "Ubul: What a wife." (kept below when another is near).
    // What follows the colon is speech (a letter or a quotation mark), not a number ("Fax: 259 ...").
    if (r.lineStart(i) && w.trail.startsWith(":") && w.core.length === r.base(w).length && /^:["'“‘]?\s*["'“‘]?\p{L}/u.test(text.slice(w.end - w.trail.length, w.end + 4))) {
      labels.push({ start: w.start + w.lead.length, end: w.start + w.lead.length + w.core.length });
    }
    // A sentence opened by a name and a verb only people take: "Tomomi is from", "Alvir spent a year".
    if (opens) {
      const j = r.capRun(i, 3);
      const v = ws.at(j + 1);
      const v2 = ws.at(j + 2);
      if (r.joined(j) && v !== undefined && v.core === v.core.toLowerCase()) {
        const two = v.trail === "" && v2 !== undefined ? `${v.core} ${v2.core}` : "";
        if (PERSON_VERBS.has(v.core) || PERSON_VERBS.has(two)) r.add(i, j, 0.65);
        // A copula, then a role: "Marlo is a nurse", "Tamsin was the best teacher".
        else if (COPULA.has(v.core) && r.roleAhead(j + 2, w.start)) r.add(i, j, 0.65);
        // A copula and an age: "Callum is 59 years old", "Ines was 7 years old".
        else if ((v.core === "is" || v.core === "was") && v.trail === "" && AGE_AFTER.test(text.slice(v.end, v.end + 24))) r.add(i, j, 0.65);
        // Two names and a plural copula, then a role: "Marrow and Bowes were precision engineers".
        else if (v.core === "and" && v.trail === "" && r.capWord(v2) && v2!.lead === "" && r.joined(j + 1)) {
          const j2 = r.capRun(j + 2, 3);
          const c = ws.at(j2 + 1);
          if (r.joined(j2) && c !== undefined && c.core === "were" && r.roleAhead(j2 + 2, w.start)) {
            r.add(i, j, 0.65);
            r.add(j + 2, j2, 0.65);
          }
        }
      }
      // A name called at a line's start: "Warrane, can I please speak to your boss?"
      if (r.lineStart(i) && w.trail === "," && ws.at(i + 1) !== undefined && VOCATIVE_NEXT.has(ws.at(i + 1)!.lower)) r.add(i, i, 0.65);
    }
    // A line of its own of two or three name words, in text of several lines (a signature, an
    // address block); four capitalised words on a line are more often a firm's name.
    if (r.lineStart(i)) {
      const j = r.capRun(i, 3);
      const after = ws.at(j + 1);
      const lineEnds = ws.at(j)!.trail === "" && (after === undefined || r.lineStart(j + 1));
      // A line break before it (i > 0 at a line's start) or after it: not a one-line text. Two
      // words the lexicon does not know are a name only opening the text (a signature's or an
      // address block's first line); further down they are as often a firm ("Acme Widgets").
      // Or repeated as a line of its own nearby (a quoted signature names its writer twice).
      if (j > i && lineEnds && (i > 0 || after !== undefined)) {
        let named = r.opensText(i);
        for (let k = i; k <= j && !named; k++) named = r.knownName(r.base(ws.at(k)!));
        if (named || r.repeatedLine(w.start + w.lead.length, ws.at(j)!.end)) r.add(i, j, 0.65);
      }
    }
  }
  // Speaker labels count when another starts within REACH: a dialogue, not one "Note:" line.
  for (let k = 0; k < labels.length; k++) {
    const at = labels[k]!.start;
    const near = (labels[k - 1] !== undefined && at - labels[k - 1]!.start <= REACH) || (labels[k + 1] !== undefined && labels[k + 1]!.start - at <= REACH);
    if (near) r.hits.push({ ...labels[k]!, score: 0.7 });
  }
  // Lists of three or more where most are first names the lexicon knows: "Gaetane, Hannah, Anthony and Derek".
  for (let q = 0; q < candidates.length; q++) {
    const i = candidates[q]!;
    const items: number[] = [];
    let j = i;
    for (;;) {
      const w = ws.at(j);
      if (w === undefined || !r.capWord(w) || w.lead !== "" || ws.at(j)!.end - ws.at(i)!.start > REACH) break;
      items.push(j);
      const sep = w.trail;
      const nx = ws.at(j + 1);
      if (sep === "," && nx !== undefined) { j++; continue; }
      if (sep === "" && nx !== undefined && nx.core === "and" && nx.trail === "") { j += 2; continue; }
      break;
    }
    if (items.length >= 3) {
      const known = items.filter((k) => r.knownFirst(r.base(ws.at(k)!))).length;
      if (known * 2 >= items.length) for (const k of items) r.add(k, k, 0.65);
      const last = items[items.length - 1]!;
      while (q + 1 < candidates.length && candidates[q + 1]! <= last) q++;
    }
  }
  return r.hits.map((h) => ({ type: "NAME", start: h.start, end: h.end, score: h.score }));
}
