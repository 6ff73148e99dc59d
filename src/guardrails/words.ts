import RE2 from "re2";
import { createRequire } from "node:module";
import type * as Obscenity from "obscenity";
import { CodePointClass } from "./code-point-class.js";
import { lookAlikesAsLatin } from "./character-folds.js";
import { stringOf } from "./code-units.js";
import { characterWidth } from "./regex-matches.js";
import { viewOf } from "./text-view.js";

/**
 * obscenity and its dataset cost ~12 MiB of resident memory: loaded (its CommonJS build,
 * synchronously) only when a guardrail with the managed list is compiled.
 */
let obscenity: typeof Obscenity | undefined;
const loadObscenity = (): typeof Obscenity => (obscenity ??= createRequire(import.meta.url)("obscenity") as typeof Obscenity);

/** One occurrence of a configured word or phrase (or a managed-list term) in a text: [start, end). */
export interface WordHit {
  /** Index of the configured entry (wordsConfig.N or managedWordListsConfig.N). */
  readonly entry: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Custom words and phrases, compiled once into one case-insensitive RE2 alternation. RE2 has no
 * lookaround, so the word boundary (Unicode letters, digits, underscore) is checked on both sides
 * here; alternatives are ordered longest first so "credit card" wins over "credit" at one position.
 */
export class WordMatcher {
  readonly #re: RE2 | undefined;
  readonly #entryOf: ReadonlyMap<string, number>;
  /** The longest configured phrase, in code units: what a stream scanner must hold back. */
  readonly longest: number;

  constructor(words: readonly string[]) {
    const entryOf = new Map<string, number>();
    words.forEach((word, index) => {
      for (const key of keysOf(word)) if (key !== "" && !entryOf.has(key)) entryOf.set(key, index);
    });
    this.#entryOf = entryOf;
    const keys = [...entryOf.keys()].sort((a, b) => b.length - a.length);
    this.longest = keys.reduce((max, key) => Math.max(max, key.length), 0);
    this.#re = keys.length === 0 ? undefined : new RE2(`(?:${keys.map(phrasePattern).join("|")})`, "giu");
  }

  /**
   * The text as the phrases see it: each run of the whitespace their words are matched across
   * (RE2's `\s`, as phrasePattern writes it) shortened to its first character. A phrase matches
   * the condensed text where it matches the text, and spans at most `longest` of it, however long
   * the runs between its words (a stream keeps this much of what it released: ReleasedTail).
   */
  condense(text: string): string {
    return text.replace(PHRASE_SPACE_RUN, (run) => run[0]!);
  }

  find(text: string): WordHit[] {
    const re = this.#re;
    if (re === undefined) return [];
    const hits: WordHit[] = [];
    re.lastIndex = 0;
    for (let match = re.exec(text); match !== null; match = re.exec(text)) {
      const start = match.index;
      const end = start + match[0].length;
      if (boundaryBefore(text, start) && boundaryAt(text, end)) {
        const entry = this.#entryOf.get(normalise(match[0]));
        if (entry !== undefined) hits.push({ entry, start, end });
        re.lastIndex = end;
      } else {
        // A shorter alternative may still match at a boundary from the next character on (not
        // the next code unit: from inside a surrogate pair node-re2 found nothing more, so one
        // failed match on a word that begins with an astral character hid every word after it).
        re.lastIndex = start + characterWidth(text, start);
      }
    }
    return hits;
  }
}

/** Word characters for the word boundary: Unicode letters and digits, and the underscore. */
const WORD_CHARACTER = new CodePointClass(/^[\p{L}\p{N}_]$/u);

/** No word character ends just before `index` (a letter beyond the BMP is read whole, not as its low half). */
const boundaryBefore = (text: string, index: number): boolean => WORD_CHARACTER.widthBefore(text, index) === 0;

/** No word character begins at `index`. */
const boundaryAt = (text: string, index: number): boolean => index >= text.length || WORD_CHARACTER.widthAt(text, index) === 0;

/**
 * What a configured word is matched as. Texts are read in their unaccented view (text-view.ts), so
 * the word is folded the same way ("Café" as "cafe", a zero-width space in it dropped); it is also
 * kept as written, and with every look-alike as its Latin letter: a word of Cyrillic look-alikes
 * alone ("сор") is Latin ("cop") in English text's view and stays Cyrillic in Russian text's.
 */
function keysOf(word: string): Set<string> {
  const folded = viewOf(word).unaccented().text;
  return new Set([normalise(word), normalise(folded), normalise(lookAlikesAsLatin(folded))]);
}

/** Case and inner whitespace do not distinguish two configured phrases (Bedrock matches case-insensitively). */
function normalise(word: string): string {
  return word.trim().replace(/\s+/gu, " ").toLowerCase();
}

/** A run of what RE2's `\s` matches (not \v, nor Unicode spaces): change it with phrasePattern's separator. */
const PHRASE_SPACE_RUN = /[\t\n\f\r ]{2,}/g;

function phrasePattern(key: string): string {
  return key.split(" ").map(escapeRegex).join("\\s+");
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

/**
 * Bedrock's managed PROFANITY list, from obscenity's English dataset with its recommended
 * transformers, which fold leetspeak, confusable characters and repeated letters ("sh1t", "fuuuck").
 *
 * Almost every text has no term at all, and obscenity's own matching pays for that in full: it
 * transforms the text twice (character by character, through an iterator) and scans it once per
 * whitelisted term (66) and once per blacklisted term (119). So a text first goes through a
 * pre-check that asks only whether any blacklisted term matches the blacklist-transformed text:
 * the same transformers (stateless ones looked up from a table per code unit, built once), and
 * the same term expressions joined into one alternation. A text with no candidate has no match
 * (the whitelist only removes matches); one with a candidate goes through obscenity's
 * getAllMatches unchanged, so every answer is obscenity's.
 */
export class ProfanityMatcher {
  readonly #matcher: Obscenity.RegExpMatcher;
  readonly #candidates: CandidateCheck | undefined;
  constructor() {
    const shared = (englishProfanity ??= englishMatcher());
    this.#matcher = shared.matcher;
    this.#candidates = shared.candidates;
  }
  /** obscenity's patterns are short words; a stream holds this much back for a split one. */
  readonly longest = 32;

  /**
   * The text as obscenity's terms see it (its transformers: confusable and leetspeak characters
   * resolved, lower case, a run of one character folded to one or two), in which a term spans at
   * most `longest`; a stream keeps this much of what it released (ReleasedTail). Without the
   * pre-check (another obscenity version) the text as it is, and a run stays as long as written.
   */
  condense(text: string): string {
    return this.#candidates?.transform(text) ?? text;
  }

  find(text: string): { start: number; end: number }[] {
    if (this.#candidates !== undefined && !this.#candidates.mayMatch(text)) return [];
    const seen = new Set<string>();
    const hits: { start: number; end: number }[] = [];
    for (const match of this.#matcher.getAllMatches(text, true)) {
      const start = match.startIndex;
      const end = match.endIndex + 1; // obscenity's end index is inclusive
      const key = `${start}:${end}`;
      if (!seen.has(key)) {
        seen.add(key);
        hits.push({ start, end });
      }
    }
    return hits;
  }
}

/**
 * One matcher for every guardrail with the managed list: it keeps no state between calls
 * (obscenity resets its stateful transformers after each text), so compiling a guardrail no longer
 * compiles 119 expressions again.
 */
let englishProfanity: { matcher: Obscenity.RegExpMatcher; candidates: CandidateCheck | undefined } | undefined;

function englishMatcher(): { matcher: Obscenity.RegExpMatcher; candidates: CandidateCheck | undefined } {
  const { RegExpMatcher, englishDataset, englishRecommendedTransformers } = loadObscenity();
  const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  return { matcher, candidates: CandidateCheck.of(matcher, englishRecommendedTransformers.blacklistMatcherTransformers ?? []) };
}

type TransformerContainer = Obscenity.SimpleTransformerContainer | Obscenity.StatefulTransformerContainer;
type StatefulInstance = ReturnType<Obscenity.StatefulTransformerContainer["factory"]>;

/** Table entries: not looked up yet, and "the transformers drop this character". */
const UNSEEN = -1;
const DROPPED = -2;

/**
 * "Could any blacklisted term match this text?", answered exactly as obscenity's matcher would
 * before its whitelist. Built from the matcher's compiled term expressions, which obscenity does
 * not publish: when they are not there in the expected shape (another obscenity version), there
 * is no pre-check and every text goes through obscenity, as before.
 */
export class CandidateCheck {
  /** The leading stateless transformers' result per UTF-16 code unit, filled as texts show them. */
  readonly #table = new Int32Array(0x10000).fill(UNSEEN);

  private constructor(
    private readonly anyTerm: RE2 | RegExp,
    private readonly simple: readonly Obscenity.SimpleTransformerContainer[],
    private readonly rest: readonly TransformerContainer[],
    /** The trailing transformers when they are obscenity's duplicate collapsing alone: run inline. */
    private readonly collapse: CollapseRule | undefined,
  ) {}

  static of(matcher: Obscenity.RegExpMatcher, transformers: readonly TransformerContainer[]): CandidateCheck | undefined {
    const terms = (matcher as unknown as { blacklistedTerms?: unknown }).blacklistedTerms;
    if (!Array.isArray(terms) || terms.length === 0) return undefined;
    const sources: string[] = [];
    let flags: string | undefined;
    for (const term of terms as { regExp?: unknown }[]) {
      const re = term.regExp;
      if (!(re instanceof RegExp) || (flags !== undefined && re.flags !== flags)) return undefined;
      flags = re.flags;
      // A back-reference would change meaning once the terms share one expression's group numbers.
      if (/\\[1-9]|\\k</.test(re.source)) return undefined;
      sources.push(`(?:${re.source})`);
    }
    let i = 0;
    const simple: Obscenity.SimpleTransformerContainer[] = [];
    for (; i < transformers.length && transformers[i]!.type === 0; i++) simple.push(transformers[i] as Obscenity.SimpleTransformerContainer);
    const rest = transformers.slice(i);
    const collapse = rest.length === 1 ? collapseRuleOf(rest[0]!) : undefined;
    return new CandidateCheck(anyOf(sources.join("|"), flags!.replace("g", "").replace("y", "")), simple, rest, collapse);
  }

  /** Whether the duplicate collapsing runs inline (this obscenity version's transformer was recognised). */
  get collapsesInline(): boolean {
    return this.collapse !== undefined;
  }

  /** Which engine runs the terms' alternation (RE2 when the terms are within what it answers alike). */
  get engine(): "re2" | "v8" {
    return this.anyTerm instanceof RegExp ? "v8" : "re2";
  }

  mayMatch(text: string): boolean {
    this.anyTerm.lastIndex = 0;
    return this.anyTerm.test(this.transform(text));
  }

  /** What obscenity's matcher builds from the text before running its blacklisted terms (its applyTransformers). */
  transform(text: string): string {
    const collapse = this.collapse;
    const stateful: (StatefulInstance | Obscenity.SimpleTransformerContainer)[] = collapse !== undefined ? [] : this.rest.map((t) => (t.type === 0 ? t : t.factory()));
    // The collapsing rule's state (obscenity's lastChar and remaining), when it runs inline.
    let last = -1;
    let remaining = -1;
    const table = this.#table;
    // At least two units, so an astral character always fits after a flush.
    const out = new Uint16Array(Math.max(2, text.length));
    let n = 0;
    const chunks: string[] = [];
    for (let i = 0; i < text.length; ) {
      let char = text.charCodeAt(i);
      let width = 1;
      // A code point, as obscenity's iterator reads it: a lone surrogate stands for itself.
      if (char >= 0xd800 && char <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          char = (char - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
          width = 2;
        }
      }
      i += width;
      let t: number | undefined;
      const known = char < 0x10000 ? table[char]! : UNSEEN;
      if (known >= 0) t = known;
      else if (known === DROPPED) continue;
      else t = this.#simple(char);
      if (t === undefined) continue;
      if (collapse !== undefined) {
        // obscenity's CollapseDuplicatesTransformer.transform, step for step.
        if (t === last) {
          if (remaining-- <= 0) continue;
        } else {
          const threshold = t < ASCII ? collapse.ascii[t]! : (collapse.custom.get(t) ?? collapse.otherwise);
          remaining = threshold - 1;
          last = t;
          if (!(threshold > 0)) continue;
        }
      } else {
        let u: number | undefined = t;
        for (let k = 0; k < stateful.length && u !== undefined; k++) u = stateful[k]!.transform(u);
        if (u === undefined) continue;
        t = u;
      }
      if (n + 2 > out.length) {
        chunks.push(stringOf(out, n));
        n = 0;
      }
      if (t > 0xffff) {
        out[n++] = 0xd800 + ((t - 0x10000) >> 10);
        out[n++] = 0xdc00 + ((t - 0x10000) & 0x3ff);
      } else {
        out[n++] = t;
      }
    }
    chunks.push(stringOf(out, n));
    return chunks.join("");
  }

  /** The leading stateless transformers' result, kept in the table for a BMP character. */
  #simple(char: number): number | undefined {
    let t: number | undefined = char;
    for (let k = 0; k < this.simple.length && t !== undefined; k++) t = this.simple[k]!.transform(t);
    if (char < 0x10000) this.#table[char] = t === undefined ? DROPPED : t;
    return t;
  }
}

const ASCII = 0x80;

/** obscenity's duplicate-collapsing rule: how many times in a row each character may appear. */
interface CollapseRule {
  readonly otherwise: number;
  readonly custom: ReadonlyMap<number, number>;
  /** The threshold of each ASCII character, looked up once. */
  readonly ascii: Float64Array;
}

/**
 * The rule of obscenity's CollapseDuplicatesTransformer (the last of its recommended
 * transformers), read from a fresh instance's fields, so the loop above runs it without a call
 * per character (~35 % of the pre-check's time). Anything else, or an instance whose fields are
 * not as expected (another obscenity version), takes the general path through its own methods.
 */
function collapseRuleOf(container: TransformerContainer): CollapseRule | undefined {
  if (container.type !== 1) return undefined;
  const instance = container.factory() as unknown as { constructor?: { name?: unknown }; defaultThreshold?: unknown; customThresholds?: unknown; lastChar?: unknown; remaining?: unknown };
  if (instance.constructor?.name !== "CollapseDuplicatesTransformer") return undefined;
  const { defaultThreshold, customThresholds } = instance;
  if (typeof defaultThreshold !== "number" || !(customThresholds instanceof Map) || instance.lastChar !== -1 || instance.remaining !== -1) return undefined;
  const custom = new Map<number, number>();
  for (const [char, threshold] of customThresholds as Map<unknown, unknown>) {
    if (typeof char !== "number" || typeof threshold !== "number") return undefined;
    custom.set(char, threshold);
  }
  const ascii = new Float64Array(ASCII);
  for (let c = 0; c < ASCII; c++) ascii[c] = custom.get(c) ?? defaultThreshold;
  return { otherwise: defaultThreshold, custom, ascii };
}

/**
 * The terms' one alternation on RE2 (a DFA: ~10 µs over 4 KB where V8's backtracking engine took
 * ~120 µs for 119 alternatives at every position), or V8's when RE2 refuses the expression. The
 * terms use literals, optional groups, `\b` and `.` only; each engine's `\b` is ASCII, and RE2's
 * `.` takes a whole astral character where V8's takes one code unit, so RE2 can only say "maybe"
 * more often (the full matcher then answers), never less.
 */
function anyOf(source: string, flags: string): RE2 | RegExp {
  // Only what that reasoning covers: any other escape, class, quantifier or anchor (another
  // obscenity version's terms) stays on V8's engine.
  if (!/^(?:[^\\[\]{}*+^$]|\\b)*$/.test(source) || /[^s]/.test(flags)) return new RegExp(source, flags);
  try {
    return new RE2(source, flags);
  } catch {
    return new RegExp(source, flags);
  }
}
