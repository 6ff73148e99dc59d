import type { TopicConfig } from "./config.js";
import type { TopicDetector, TopicDetectorFactory } from "./ports.js";

/**
 * The built-in denied-topic detector. Each topic is a set of reference texts (its definition,
 * each example, and its name); a text is compared with each of them by two cosine similarities —
 * stemmed content words (what it talks about) and character trigrams (morphology and spelling the
 * stemmer misses) — over the whole text and over each of its sentences, so one denied sentence in
 * a long prompt is not diluted. It is lexical similarity, not a language model: a paraphrase
 * sharing no content word with the definition or examples is missed.
 */
export type Vector = Map<string, number>;

/** A text's stemmed content words; its trigrams are built only when a comparison needs them. */
export class Reference {
  readonly words: Vector;
  #trigrams: Vector | undefined;
  constructor(words: Vector) {
    this.words = words;
  }
  get trigrams(): Vector {
    if (this.#trigrams === undefined) {
      const trigrams: Vector = new Map();
      for (const [s, n] of this.words) {
        const padded = ` ${s} `;
        for (let i = 0; i + 3 <= padded.length; i++) {
          const g = padded.slice(i, i + 3);
          trigrams.set(g, (trigrams.get(g) ?? 0) + n);
        }
      }
      this.#trigrams = trigrams;
    }
    return this.#trigrams;
  }
}

/** The similarity (0..1 blend of the two cosines) at which a topic counts as fully confident. */
const FULL_CONFIDENCE_AT = 0.45;
/** Below this blended similarity a topic is not reported at all. */
const FLOOR = 0.12;

export const similarityTopics: TopicDetectorFactory = {
  build(topics: readonly TopicConfig[]): TopicDetector {
    const references = topics.map((topic) => ({
      name: topic.name,
      refs: [topic.definition, ...topic.examples, topic.name.replace(/[-_]/g, " ")].map((t) => reference(t)),
    }));
    return {
      async detect(text) {
        // Each sentence once; the whole text is their sum, so it is not tokenised twice.
        const stems = new Map<string, string>();
        const parts = sentences(text).map((s) => reference(s, stems));
        const whole = new Map<string, number>();
        for (const part of parts) for (const [k, n] of part.words) whole.set(k, (whole.get(k) ?? 0) + n);
        const pieces = parts.length > 1 ? [new Reference(whole), ...parts] : [new Reference(whole)];
        const found = new Map<string, number>();
        for (const { name, refs } of references) {
          let best = 0;
          for (const piece of pieces) for (const ref of refs) best = Math.max(best, similarity(piece, ref));
          if (best >= FLOOR) found.set(name, Math.min(1, best / FULL_CONFIDENCE_AT));
        }
        return found;
      },
    };
  },
};

/**
 * One shared word between a short question and a short example ("buy … this year") is not a
 * topic: a reference of two or more words must share at least two stems with the text.
 */
function similarity(a: Reference, b: Reference): number {
  if (a.words.size === 0 || b.words.size === 0) return 0;
  let shared = 0;
  for (const k of b.words.keys()) if (a.words.has(k)) shared++;
  if (shared < Math.min(2, b.words.size)) return 0;
  return 0.65 * cosine(a.words, b.words) + 0.35 * cosine(a.trigrams, b.trigrams);
}

/**
 * A text's stemmed content words. `stems` are the stems already made for the text being read
 * (a caller's repeated words are stemmed once); it lives as long as that one reading. A cache
 * across texts would keep every word customers wrote in memory between requests.
 */
export function reference(text: string, stems: Map<string, string> = new Map()): Reference {
  const words: Vector = new Map();
  for (const token of tokens(text)) {
    if (STOPWORDS.has(token)) continue;
    let s = stems.get(token);
    if (s === undefined) {
      s = stem(token);
      stems.set(token, s);
    }
    if (s.length > 1) words.set(s, (words.get(s) ?? 0) + 1);
  }
  return new Reference(words);
}

export function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w !== undefined) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function sentences(text: string): string[] {
  return text.split(/(?<=[.!?;\n])\s+/u).filter((s) => s.trim().length > 0);
}

const SUFFIXES = ["ational", "ations", "ation", "ments", "ment", "ness", "ingly", "ing", "edly", "ed", "ers", "er", "ly", "ive", "ful", "al"];
const SUFFIX_LAST = new Set(SUFFIXES.map((s) => s.charCodeAt(s.length - 1)));

/** A light suffix stripper (Porter's first steps): enough to meet "investing" with "investment". */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  // Only a word ending in one of the suffixes' last letters can lose one (most words: no loop).
  if (SUFFIX_LAST.has(w.charCodeAt(w.length - 1))) {
    for (const suffix of SUFFIXES) {
      if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
        w = w.slice(0, -suffix.length);
        break;
      }
    }
  }
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  // "stopped" → "stopp" → "stop": a doubled final consonant left by the suffix goes.
  if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !"aeioulsz".includes(w[w.length - 1]!)) w = w.slice(0, -1);
  return w;
}

const STOPWORDS = new Set(
  ("a about above after again against all am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers herself him " +
    "himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other " +
    "our ours ourselves out over own same she should so some such than that the their theirs them themselves then there " +
    "these they this those through to too under until up very was we were what when where which while who whom why will " +
    "with would you your yours yourself yourselves tell give get want know please also any anything something thing things " +
    "like make use using one way ways may might must shall let us im ive dont year years time today now good best new right lot")
    .split(" "),
);
