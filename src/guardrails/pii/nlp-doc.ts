import { createRequire } from "node:module";
import type nlpType from "compromise";
import { isSpaceCode, isUpperAt, mayStartStreetWord } from "./char-class.js";
import { DIGIT, forgetWords, wordsOf, type LazyWords } from "./lazy-words.js";
import { decideWindow, lexiconOf, type CompromiseModel, type Lexicon } from "./lexicon-scan.js";

/**
 * compromise (its lexicon and tagger) costs ~45 MiB of resident memory once loaded, so it is
 * loaded on first use (its CommonJS build, synchronously, so finding PII stays synchronous), or
 * ahead of time by `prepareNlp` when a guardrail asking for NAME or ADDRESS is compiled. A plinth
 * whose guardrails never ask for them never pays for it.
 */
type Nlp = typeof nlpType;
let loaded: { nlp: Nlp; steps: string[]; lexicon: Lexicon } | undefined;

/**
 * compromise's own steps (its world's hooks) minus the noun/verb chunker, which neither
 * people() nor places() reads (~7% of the time). The tokenizer's steps run first, as nlp()'s do.
 */
function load(): NonNullable<typeof loaded> {
  if (loaded === undefined) {
    const lib = createRequire(import.meta.url)("compromise") as Nlp;
    const world = lib.world() as unknown as { hooks: string[]; model: CompromiseModel; methods: { one: { parseMatch: ParseMatch } } };
    reuseParsedPatterns(world.methods.one);
    const tokenizer = new Set(["contractions", "alias", "machine", "normal"]);
    const lexicon = lexiconOf(world.model);
    loaded = { nlp: lib, steps: world.hooks.filter((h) => !tokenizer.has(h) && h !== "chunks"), lexicon };
  }
  return loaded;
}

type ParseMatch = (pattern: unknown, opts: unknown, world: unknown) => unknown;

/**
 * The match patterns compromise's people() and places() are written with, which it parsed again
 * on every call: over the presidio set that was ~40 % of the time of reading people and places
 * (63–112 → 35–71 ms a pass over its 719 tagged texts). A parsed pattern is compromise's documented reusable form
 * (nlp.parseMatch), so each is parsed once and reused. Only these constant strings: a pattern
 * made from a text's words is parsed as before, and nothing of a text is kept.
 */
const REUSED_PATTERNS: ReadonlySet<string> = new Set([
  "@hasComma", "#Hon+? #Pers+", "#Poss+", "(his|her)",
  "(#Place|#Address)+", "(asia|africa|europe|america)$", "(#City|#Region|#Prop)$", "^(#Country|#Region)",
]);

/**
 * The patterns parsed so far, and compromise's own parser. compromise's growLeft/growRight set a
 * flag on the pattern they are given, so a shared pattern must never reach them: none of its code
 * or plinth's grows by one of these eight, and a test checks that they stay as parsed.
 */
const parsedPatterns = new Map<string, unknown>();
let parsePattern: ParseMatch | undefined;

function reuseParsedPatterns(methods: { parseMatch: ParseMatch }): void {
  const parse = methods.parseMatch;
  parsePattern = parse;
  const parsed = parsedPatterns;
  methods.parseMatch = (pattern, opts, world) => {
    const plain = opts === undefined || (typeof opts === "object" && opts !== null && Object.keys(opts).length === 0);
    if (!plain || typeof pattern !== "string" || !REUSED_PATTERNS.has(pattern)) return parse(pattern, opts, world);
    let regs = parsed.get(pattern);
    if (regs === undefined) {
      regs = parse(pattern, opts, world);
      parsed.set(pattern, regs);
    }
    return regs;
  };
}

/** Which patterns are reused, and whether each still equals a fresh parse of it (for tests). */
export function reusedPatterns(): { pattern: string; intact: boolean }[] {
  const world = load().nlp.world();
  const shape = (regs: unknown): string => JSON.stringify(regs, (_, v: unknown) => (v instanceof Set ? [...(v as Set<unknown>)].sort() : v));
  return [...parsedPatterns].map(([pattern, regs]) => ({ pattern, intact: shape(regs) === shape(parsePattern!(pattern, {}, world)) }));
}

function nlp(text: string): ReturnType<Nlp> {
  const loaded = load();
  const doc = loaded.nlp.tokenize(text);
  doc.compute(loaded.steps);
  return doc;
}

/** compromise's lexicon (loading compromise if it is not yet): the name cues read it without the tagger. */
export function nameLexicon(): Lexicon {
  return load().lexicon;
}

/** Loads compromise now, so the first request using it does not pay for the load. */
export function prepareNlp(): void {
  nlp("");
}

/** One span compromise found, trailing punctuation already trimmed off. */
export interface NlpSpan {
  readonly start: number;
  readonly end: number;
}

interface Parsed {
  readonly people: readonly NlpSpan[];
  readonly places: readonly NlpSpan[];
}

// NAME and ADDRESS usually run one after the other on the same text: parse it once. The single
// slot is emptied by findPii when it is done, so no customer content stays in module memory.
let last: { text: string; parsed: Parsed } | undefined;

interface OffsetJson {
  readonly text: string;
  readonly offset: { readonly start: number; readonly length: number };
}

function spans(list: readonly OffsetJson[]): NlpSpan[] {
  const out: NlpSpan[] = [];
  for (const item of list) {
    const start = item.offset.start;
    let end = start + item.offset.length;
    // compromise's terms carry their trailing punctuation ("London," "Manchester.").
    while (end > start && /[\s.,;:!?'")\]]/.test(item.text[end - start - 1] ?? "")) end--;
    if (end > start) out.push({ start, end });
  }
  return out;
}

/**
 * compromise's cost grows faster than linearly with sentence length (a 40 kB run without a full
 * stop took seconds), so the text is parsed in pieces of at most CHUNK characters, cut after a
 * sentence end or a line break where there is one, else at a space.
 */
const CHUNK = 600;

function chunkEnd(text: string, from: number): number {
  if (text.length - from <= CHUNK) return text.length;
  const limit = from + CHUNK;
  for (let i = limit; i > from + CHUNK / 2; i--) {
    const c = text.charCodeAt(i - 1);
    // ".", "!", "?" or a line break, then whitespace or the text's end.
    if ((c === 46 || c === 33 || c === 63 || c === 10) && (i >= text.length || isSpaceCode(text.charCodeAt(i)))) return i;
  }
  // No sentence end: a space with no possible name or number near it, so no window reaches across
  // the cut. Where the cut falls then depends on the text around it, not on where the text read
  // starts: a stream's scanner, which reads from elsewhere, cuts a run where a whole reading does.
  for (let i = limit; i > from + CHUNK / 2; i--) {
    if (text.charCodeAt(i - 1) === 32 && quietAround(text, i - 1)) return i;
  }
  const space = text.lastIndexOf(" ", limit);
  return space > from ? space + 1 : limit;
}

/** Words looked at on each side of a cut: more than a window's reach (two words) either side of a candidate. */
const QUIET_WORDS = 3;

/** Whether the QUIET_WORDS words on each side of the space at `at` hold no capital letter and no digit. */
function quietAround(text: string, at: number): boolean {
  let words = 0;
  let inWord = false;
  for (let i = at - 1; i >= 0 && words <= QUIET_WORDS; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) { if (inWord) { words++; inWord = false; } continue; }
    inWord = true;
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c > 127 && text[i] !== text[i]!.toLowerCase())) return false;
  }
  words = 0;
  inWord = false;
  for (let i = at + 1; i < text.length && words <= QUIET_WORDS; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) { if (inWord) { words++; inWord = false; } continue; }
    inWord = true;
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c > 127 && text[i] !== text[i]!.toLowerCase())) return false;
  }
  return true;
}

/** The windows of a text compromise would be asked about, chunk by chunk, in order. */
export function windowsOf(text: string, ws: LazyWords = wordsOf(text)): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  for (let from = 0; from < text.length;) {
    const to = chunkEnd(text, from);
    for (const w of worthParsing(text, from, to, ws)) pieces.push(w);
    from = to;
  }
  return pieces;
}

/**
 * The people of one window read from compromise's lexicon alone, or undefined when its tagger
 * must read it (see lexicon-scan.ts for the shapes decided).
 */
export function decidedPeople(text: string, window: { start: number; end: number }, ws: LazyWords = wordsOf(text)): NlpSpan[] | undefined {
  return decideWindow(load().lexicon, COMMON_OPENERS, text, ws.within(window.start, window.end));
}

export function parse(text: string): Parsed {
  if (last?.text === text) return last.parsed;
  const asked: { start: number; end: number }[] = [];
  const decided: NlpSpan[] = [];
  // The text's words, split once (the NAME cues may have split them already).
  const ws = wordsOf(text);
  for (const p of windowsOf(text, ws)) {
    const people = decidedPeople(text, p, ws);
    if (people === undefined) asked.push(p);
    else for (const s of people) decided.push(s);
  }
  const tagged = parsePieces(text, asked);
  const parsed = decided.length === 0 ? tagged : { people: [...tagged.people, ...decided].sort(byStart), places: tagged.places };
  last = { text, parsed };
  return parsed;
}

/**
 * A blank line ends a sentence for compromise, so pieces joined by one are tagged as they are
 * alone, while compromise's fixed cost per call (building the document, compiling its match
 * patterns) is paid once per text rather than once per piece.
 */
const JOIN = "\n\n";

function parsePieces(text: string, pieces: readonly { start: number; end: number }[]): Parsed {
  const people: NlpSpan[] = [];
  const places: NlpSpan[] = [];
  if (pieces.length === 0) return { people, places };
  const at: number[] = [];
  let joined = "";
  for (const p of pieces) {
    if (joined.length > 0) joined += JOIN;
    at.push(joined.length);
    joined += text.slice(p.start, p.end);
  }
  const back = (list: readonly NlpSpan[], out: NlpSpan[]): void => {
    let i = 0;
    for (const s of list) {
      while (i + 1 < at.length && at[i + 1]! <= s.start) i++;
      const piece = pieces[i]!;
      const start = s.start - at[i]! + piece.start;
      // A span never runs past its piece (the blank line ends it); clipped should one ever do.
      const end = Math.min(s.end - at[i]! + piece.start, piece.end);
      if (end > start) out.push({ start, end });
    }
  };
  const doc = nlp(joined);
  // The base View's json: People's and Places' own also parse each person (first name,
  // honorific, gender), which NAME never reads and which is about half of compromise's time.
  const json = Object.getPrototypeOf(doc).json as (this: unknown, o: object) => OffsetJson[];
  back(spans(json.call(doc.people(), { offset: true, terms: false })).sort(byStart), people);
  back(spans(json.call(doc.places(), { offset: true, terms: false })).sort(byStart), places);
  return { people, places };
}

const byStart = (a: NlpSpan, b: NlpSpan): number => a.start - b.start;

/**
 * NAME and ADDRESS keep a compromise span only when it starts with a capital (or, for a place, a
 * digit): lower-case guesses score under MIN_SCORE and are dropped. So only a capitalised word or
 * a word with a digit in it (a candidate) can start a kept span, and compromise reads only a
 * window around each: LEFT words before it (the left context its patterns use: "met with",
 * "Mr", "moved to") and RIGHT words after it, never past the sentence. A sentence's opening
 * word is no candidate when sentences commonly open with it ("The", "Please"), nor is the
 * pronoun "I". Windows that touch or overlap are parsed as one piece.
 */
export function worthParsing(text: string, from: number, to: number, ws: LazyWords = wordsOf(text)): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  SENTENCE.lastIndex = from;
  for (;;) {
    const at = SENTENCE.lastIndex;
    if (at >= to || !SENTENCE.test(text)) break;
    if (SENTENCE.lastIndex === at) {
      SENTENCE.lastIndex++;
      continue;
    }
    const sentenceEnd = Math.min(to, SENTENCE.lastIndex);
    const first = runs.length;
    const lastEnd = runs[first - 1]?.end;
    const grown = windows(text, ws, at, sentenceEnd, runs);
    // mayName only ever refuses a sentence windows() found something in, and never one holding
    // a digit (which windows() noted); it is asked only then, and its refusal undoes what the
    // sentence added (new runs, or the previous run lengthened).
    if (grown && !sentenceDigit && !mayName(text.slice(at, sentenceEnd))) {
      runs.length = first;
      if (lastEnd !== undefined) runs[first - 1]!.end = lastEnd;
    }
  }
  return runs;
}

/** Words of left context a window keeps before its candidate, and words after it. */
const LEFT = 2;
const RIGHT = 2;

/**
 * compromise's only place that starts with a number is its street address ("123 main street":
 * a value, up to a few nouns, a street word), so an amount, a date or a count in lower-case
 * prose is no candidate unless a street word follows it within STREET_REACH words.
 */
const STREET_WORD = /^(?:st|street|rd|road|crescent|cr|way|tr|terrace|avenue|ave|lane|boulevard|blvd|drive|dr|parkway)\b/iu;
// The same, read at a word's start in the text itself rather than in a slice of the word. Where
// whitespace or the text's end follows the word, that is a boundary as the slice's end is, so it
// answers as the slice does; a word cut by a chunk's hard cut is still read as a slice.
const STREET_WORD_AT = new RegExp(STREET_WORD.source.slice(1), "iuy");
const STREET_REACH = 5;

/** Whether the sentence windows() read last holds a digit (mayName's first test, already answered). */
let sentenceDigit = false;

/** A street word among the STREET_REACH words after word k of the sentence, its words the text's k < last + 1 (the last cut at `to`). */
function streetWordAfter(text: string, tw: LazyWords, k: number, last: number, to: number): boolean {
  for (let j = k + 1; j <= k + STREET_REACH && j <= last; j++) {
    const start = tw.startOf(j);
    const end = Math.min(tw.endOf(j), to);
    if (!mayStartStreetWord(text.charCodeAt(start))) continue;
    if (end < text.length && !isSpaceCode(text.charCodeAt(end))) {
      if (STREET_WORD.test(text.slice(start, end))) return true;
      continue;
    }
    STREET_WORD_AT.lastIndex = start;
    if (STREET_WORD_AT.test(text)) return true;
  }
  return false;
}


/**
 * The word text[ws, we) as COMMON_OPENERS holds words: without the quotes and brackets before it
 * (up to p), cut at its first character that is not a letter, an apostrophe or a hyphen, in lower
 * case. ASCII is read from the codes (a sentence's first word is asked); past ASCII the patterns
 * decide, as they did for every word.
 */
export function openerKey(text: string, ws: number, p: number, we: number): string {
  let q = p;
  for (; q < we; q++) {
    const c = text.charCodeAt(q);
    if (c >= 0x80) return text.slice(ws, we).replace(/^["'(\[]+/u, "").replace(/[^\p{L}'’-].*$/u, "").toLowerCase();
    const l = c | 0x20;
    if (!((l >= 97 && l <= 122) || c === 39 || c === 45)) break;
  }
  return text.slice(p, q).toLowerCase();
}

/** A quotation mark or opening bracket, which may precede a candidate's capital. */
function isOpening(c: number): boolean {
  return c === 34 || c === 39 || c === 40 || c === 91;
}

const PRONOUN_I = /^["'(\[]*I(?:['’](?:m|ll|ve|d))?[.,;:!?"')\]]*$/u;

/**
 * The windows of the sentence text[from, to), in order, appended to `runs` and merged with its
 * last run (and each other) where they touch; true when there was any. A word is whitespace-delimited; a candidate is a
 * word whose first character after any quotes and brackets is a capital, or a word holding a
 * digit with a street word after it.
 */
function windows(text: string, tw: LazyWords, from: number, to: number, runs: { start: number; end: number }[]): boolean {
  let found = false;
  sentenceDigit = false;
  // The sentence's words are the parts of the text's words inside it (split once per text, not
  // again here): whole words but where a chunk's hard cut falls inside one (the first or the
  // last), which is cut there and whose digit is looked for in the part kept.
  const first = tw.firstEndingAfter(from);
  const last = tw.firstStartingFrom(to) - 1;
  const n = last - first + 1;
  for (let k = first; k <= last; k++) {
    // A word with no capital, no non-ASCII character and no digit is no candidate: passed over
    // by its mark alone.
    const mark = tw.markOf(k);
    if (mark === 0) continue;
    let ws = tw.startOf(k);
    let we = tw.endOf(k);
    let digit = (mark & DIGIT) !== 0;
    if (ws < from || we > to) {
      if (ws < from) ws = from;
      if (we > to) we = to;
      digit = false;
      for (let j = ws; j < we; j++) {
        const c = text.charCodeAt(j);
        if (c <= 57 && c >= 48) digit = true;
      }
    }
    if (digit) sentenceDigit = true;
    const i = k - first;
    let p = ws;
    while (p < we && isOpening(text.charCodeAt(p))) p++;
    const capital = p < we && isUpperAt(text, p);
    if (!capital) {
      if (!digit || !streetWordAfter(text, tw, k, last, to)) continue;
    } else if (text.charCodeAt(p) === 73 /* I */ && PRONOUN_I.test(text.slice(ws, we))) continue;
    if (i === 0 && COMMON_OPENERS.has(openerKey(text, ws, p, we))) continue;
    // Neither neighbour read here is the sentence's first or last word, so neither is cut.
    const start = i - LEFT <= 0 ? from : tw.startOf(k - LEFT);
    // To the sentence's end when the window reaches its last word, so its full stop is kept.
    const end = i + RIGHT >= n - 1 ? to : tw.endOf(k + RIGHT);
    found = true;
    const prev = runs[runs.length - 1];
    if (prev !== undefined && prev.end >= start) prev.end = Math.max(prev.end, end);
    else runs.push({ start, end });
  }
  return found;
}

/**
 * A sentence: up to and including its closing punctuation and the space after it, or a line. A
 * full stop not followed by a space ("a.b@example.com", "3.5") does not end one.
 */
const SENTENCE = /(?:[^.!?\n]|[.!?]+(?!["')\]]*(?:\s|$)))*(?:[.!?]+["')\]]*(?:\s+|$)|\n+|$)/gy;

export function mayName(sentence: string): boolean {
  if (/\d/.test(sentence)) return true;
  if (!/\p{Lu}/u.test(sentence)) return false;
  if (capitalisedWordIn(sentence.replace(/^\s*[^\s]+/u, ""))) return true;
  const first = /^\s*["'(\[]*([\p{L}'’-]+)/u.exec(sentence)?.[1];
  return first === undefined || !COMMON_OPENERS.has(first.toLowerCase());
}

/** A capitalised word that is not the pronoun "I" (nor "I'm", "I'll", ...). */
function capitalisedWordIn(text: string): boolean {
  for (const m of text.matchAll(/(?<![\p{L}\p{N}'’-])\p{Lu}[\p{L}\p{N}'’-]*/gu)) {
    if (!/^I(?:['’](?:m|ll|ve|d))?$/u.test(m[0])) return true;
  }
  return false;
}

/**
 * Words that open sentences and are not names or places themselves. compromise can still tag a
 * following lower-case word, but such a span scores under MIN_SCORE.
 */
export const COMMON_OPENERS: ReadonlySet<string> = new Set(
  ("a an the this that these those it its i i'm i'll i've i'd we you he she they my our your his her their there here " +
    "what when where why how who which whose if and but so or nor yet in on at for to of with as by from after before " +
    "then also yes no not please thanks thank hi hello ok okay sure well now once while since because although though " +
    "all any some each every most many much more few other another both either neither one two three first next last " +
    "finally however therefore meanwhile otherwise instead still just only even do does did is are was were be been " +
    "have has had can could will would shall should may might must let lets let's note see check make take use send " +
    "call write read review tell ask give keep try find look get put set go come thanks, regards").split(" "),
);

/** Forgets the cached parse and the text's words (findPii calls this when it is done with a text). */
export function forgetParse(): void {
  last = undefined;
  forgetWords();
}
