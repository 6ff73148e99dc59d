import RE2 from "re2";
import { createRequire } from "node:module";
import type * as Obscenity from "obscenity";

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
      const key = normalise(word);
      if (key !== "" && !entryOf.has(key)) entryOf.set(key, index);
    });
    this.#entryOf = entryOf;
    const keys = [...entryOf.keys()].sort((a, b) => b.length - a.length);
    this.longest = keys.reduce((max, key) => Math.max(max, key.length), 0);
    this.#re = keys.length === 0 ? undefined : new RE2(`(?:${keys.map(phrasePattern).join("|")})`, "giu");
  }

  find(text: string): WordHit[] {
    const re = this.#re;
    if (re === undefined) return [];
    const hits: WordHit[] = [];
    re.lastIndex = 0;
    for (let match = re.exec(text); match !== null; match = re.exec(text)) {
      const start = match.index;
      const end = start + match[0].length;
      if (isBoundary(text, start - 1) && isBoundary(text, end)) {
        const entry = this.#entryOf.get(normalise(match[0]));
        if (entry !== undefined) hits.push({ entry, start, end });
        re.lastIndex = end;
      } else {
        // A shorter alternative may still match at a boundary from the next position on.
        re.lastIndex = start + 1;
      }
    }
    return hits;
  }
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

function isBoundary(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return true;
  return !WORD_CHAR.test(text[index]!);
}

/** Case and inner whitespace do not distinguish two configured phrases (Bedrock matches case-insensitively). */
function normalise(word: string): string {
  return word.trim().replace(/\s+/gu, " ").toLowerCase();
}

function phrasePattern(key: string): string {
  return key.split(" ").map(escapeRegex).join("\\s+");
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

/**
 * Bedrock's managed PROFANITY list, from obscenity's English dataset with its recommended
 * transformers, which fold leetspeak, confusable characters and repeated letters ("sh1t", "fuuuck").
 */
export class ProfanityMatcher {
  readonly #matcher: Obscenity.RegExpMatcher;
  constructor() {
    const { RegExpMatcher, englishDataset, englishRecommendedTransformers } = loadObscenity();
    this.#matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  }
  /** obscenity's patterns are short words; a stream holds this much back for a split one. */
  readonly longest = 32;

  find(text: string): { start: number; end: number }[] {
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
