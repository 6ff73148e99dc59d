import { CodePointClass } from "./code-point-class.js";
import type { TopicConfig } from "./config.js";
import { isSpaceCode } from "./pii/char-class.js";
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
      for (const [s, n] of this.words) addTrigrams(trigrams, s, n);
      this.#trigrams = trigrams;
    }
    return this.#trigrams;
  }
}

/** A stem's character trigrams (the stem padded with a space each side), each counted `n` times. */
function addTrigrams(into: Vector, stem: string, n: number): void {
  const padded = ` ${stem} `;
  for (let i = 0; i + 3 <= padded.length; i++) {
    const g = padded.slice(i, i + 3);
    into.set(g, (into.get(g) ?? 0) + n);
  }
}

/** The similarity (0..1 blend of the two cosines) at which a topic counts as fully confident. */
const FULL_CONFIDENCE_AT = 0.45;
/** Below this blended similarity a topic is not reported at all. */
const FLOOR = 0.12;

export const similarityTopics: TopicDetectorFactory = {
  build(topics: readonly TopicConfig[]): TopicDetector {
    const index = new ReferenceIndex(topics.map((topic) =>
      [topic.definition, ...topic.examples, topic.name.replace(/[-_]/g, " ")].map((t) => reference(t))));
    return {
      async detect(text) {
        const read = readPieces(text);
        const best = index.best(read.stems, read.pieces);
        const found = new Map<string, number>();
        topics.forEach((topic, t) => {
          if (best[t]! >= FLOOR) found.set(topic.name, Math.min(1, best[t]! / FULL_CONFIDENCE_AT));
        });
        return found;
      },
    };
  },
};

/** One reference text, its stems and trigrams numbered in the index's vocabulary. */
interface IndexedReference {
  readonly words: number;
  readonly wordIds: Int32Array;
  readonly wordCounts: Float64Array;
  readonly wordsNorm: number;
  readonly trigramIds: Int32Array;
  readonly trigramCounts: Float64Array;
  readonly trigramsNorm: number;
  /** The trigrams themselves, for a piece with more trigrams than all references together (looked up in it, not laid out). */
  readonly trigramKeys: readonly string[];
}

/**
 * Every topic's reference texts, their stems and trigrams numbered once when the guardrail is
 * compiled, so comparing a piece of text with all of them reads arrays instead of looking each
 * reference's words and trigrams up in the piece's maps (a guardrail with ten topics of five
 * examples: 7.3 → under 1 ms per 4 KB prompt). A piece's counts are laid out once over that
 * vocabulary (what is not in it cannot add to a product), compared with every reference, then
 * cleared. A similarity is 0.65 × the cosine of the stems' counts + 0.35 × that of the trigrams'
 * (`cosine`), once the gate below lets it be more than 0; the products and norms are sums of
 * whole numbers, exact in any order, so each is the value `cosine` gives, to the last bit.
 */
class ReferenceIndex {
  readonly #wordIds = new Map<string, number>();
  readonly #trigramIds = new Map<string, number>();
  readonly #topics: readonly (readonly IndexedReference[])[];
  // Kept between calls: `best` runs to completion, so no two calls share them at once.
  readonly #words: Float64Array;
  readonly #trigrams: Float64Array;

  constructor(topics: readonly (readonly Reference[])[]) {
    const number = (vocabulary: Map<string, number>, v: Vector): [Int32Array, Float64Array] => {
      const ids = new Int32Array(v.size);
      const counts = new Float64Array(v.size);
      let i = 0;
      for (const [k, n] of v) {
        let id = vocabulary.get(k);
        if (id === undefined) vocabulary.set(k, (id = vocabulary.size));
        ids[i] = id;
        counts[i++] = n;
      }
      return [ids, counts];
    };
    this.#topics = topics.map((refs) => refs.map((r) => {
      const [wordIds, wordCounts] = number(this.#wordIds, r.words);
      const [trigramIds, trigramCounts] = number(this.#trigramIds, r.trigrams);
      return {
        words: r.words.size, wordIds, wordCounts, wordsNorm: sumOfSquares(r.words.values()),
        trigramIds, trigramCounts, trigramsNorm: sumOfSquares(r.trigrams.values()), trigramKeys: [...r.trigrams.keys()],
      };
    }));
    this.#words = new Float64Array(this.#wordIds.size);
    this.#trigrams = new Float64Array(this.#trigramIds.size);
    this.#trigramEntries = this.#topics.reduce((n, refs) => n + refs.reduce((m, r) => m + r.trigramIds.length, 0), 0);
  }

  /** All references' trigrams, counted with repeats: a piece with more of its own is cheaper to look up in than to lay out. */
  readonly #trigramEntries: number;

  /**
   * Per topic, the highest similarity of any piece to any of its references (0 for none).
   * `stems`: the text's stems, numbered as the pieces' ids are.
   */
  best(stems: readonly string[], pieces: readonly Piece[]): Float64Array {
    const best = new Float64Array(this.#topics.length);
    const words = this.#words;
    const trigrams = this.#trigrams;
    // Each of the text's stems looked up once, not once per sentence it is in.
    const vocabulary = new Int32Array(stems.length);
    for (let i = 0; i < stems.length; i++) vocabulary[i] = this.#wordIds.get(stems[i]!) ?? -1;
    for (const piece of pieces) {
      if (piece.ids.length === 0) continue;
      for (let i = 0; i < piece.ids.length; i++) {
        const v = vocabulary[piece.ids[i]!]!;
        if (v >= 0) words[v] = piece.counts[i]!;
      }
      // A piece with more trigrams than all the references together (a long text's whole): the
      // references' trigrams are looked up in its map instead of it being laid out.
      let lookUp = false;
      let laidOut = false;
      try {
        for (let t = 0; t < this.#topics.length; t++) {
          for (const ref of this.#topics[t]!) {
            if (ref.words === 0) continue;
            // One shared word between a short question and a short example ("buy … this year")
            // is not a topic: a reference of two or more words must share at least two stems.
            let shared = 0;
            let dot = 0;
            for (let j = 0; j < ref.wordIds.length; j++) {
              const v = words[ref.wordIds[j]!]!;
              if (v !== 0) {
                shared++;
                dot += v * ref.wordCounts[j]!;
              }
            }
            if (shared < Math.min(2, ref.words)) continue;
            const own = piece.trigrams(stems);
            if (!laidOut && !lookUp) {
              lookUp = own.size > this.#trigramEntries;
              if (!lookUp) {
                for (const [g, n] of own) {
                  const id = this.#trigramIds.get(g);
                  if (id !== undefined) trigrams[id] = n;
                }
                laidOut = true;
              }
            }
            let trigramDot = 0;
            for (let j = 0; j < ref.trigramIds.length; j++) {
              trigramDot += (lookUp ? own.get(ref.trigramKeys[j]!) ?? 0 : trigrams[ref.trigramIds[j]!]!) * ref.trigramCounts[j]!;
            }
            const similarity = 0.65 * ratio(dot, piece.wordsNorm, ref.wordsNorm) + 0.35 * ratio(trigramDot, piece.trigramsNorm(stems), ref.trigramsNorm);
            if (similarity > best[t]!) best[t] = similarity;
          }
        }
      } finally {
        for (let i = 0; i < piece.ids.length; i++) {
          const v = vocabulary[piece.ids[i]!]!;
          if (v >= 0) words[v] = 0;
        }
        if (laidOut) trigrams.fill(0);
      }
    }
    return best;
  }
}

/** One piece of the text being read (a sentence, or the whole): its stems by number, and how often each comes. */
class Piece {
  readonly ids: number[] = [];
  readonly counts: number[] = [];
  #wordsNorm = -1;
  #trigrams: Vector | undefined;
  #trigramsNorm = -1;

  get wordsNorm(): number {
    if (this.#wordsNorm < 0) this.#wordsNorm = sumOfSquares(this.counts);
    return this.#wordsNorm;
  }

  /** As Reference.trigrams, made only when a reference shares enough stems with the piece. */
  trigrams(stems: readonly string[]): Vector {
    if (this.#trigrams === undefined) {
      const trigrams: Vector = new Map();
      for (let i = 0; i < this.ids.length; i++) addTrigrams(trigrams, stems[this.ids[i]!]!, this.counts[i]!);
      this.#trigrams = trigrams;
    }
    return this.#trigrams;
  }

  trigramsNorm(stems: readonly string[]): number {
    if (this.#trigramsNorm < 0) this.#trigramsNorm = sumOfSquares(this.trigrams(stems).values());
    return this.#trigramsNorm;
  }
}

/**
 * The text's sentences and its whole, read once: each distinct word stemmed once and each stem
 * numbered in first-seen order (for this text only: a cache across texts would keep every word
 * customers wrote in memory between requests), so a sentence's counts and the whole's are kept by number
 * instead of in a map per sentence (what `reference` makes, word by word). The pieces are those
 * `sentences` and `reference` give: a sentence's stems with their counts, the whole their sum.
 */
function readPieces(text: string): { stems: string[]; pieces: Piece[] } {
  const stems: string[] = [];
  const stemIds = new Map<string, number>();
  // A word's stem number, or -1 for a stop word or a stem too short to count.
  const wordIds = new Map<string, number>();
  const whole = new Piece();
  const inWhole: number[] = [];
  const inPart: number[] = [];
  const partOf: number[] = [];
  const parts: Piece[] = [];
  for (const sentence of sentences(text)) {
    const part = new Piece();
    const partNumber = parts.length;
    for (const token of tokens(sentence)) {
      let id = wordIds.get(token);
      if (id === undefined) {
        const s = STOPWORDS.has(token) ? "" : stem(token);
        id = -1;
        if (s.length > 1) {
          id = stemIds.get(s) ?? -1;
          if (id < 0) {
            id = stems.length;
            stems.push(s);
            stemIds.set(s, id);
          }
        }
        wordIds.set(token, id);
      }
      if (id < 0) continue;
      if (partOf[id] === partNumber) part.counts[inPart[id]!]! += 1;
      else {
        partOf[id] = partNumber;
        inPart[id] = part.ids.length;
        part.ids.push(id);
        part.counts.push(1);
      }
      const at = inWhole[id];
      if (at !== undefined) whole.counts[at]! += 1;
      else {
        inWhole[id] = whole.ids.length;
        whole.ids.push(id);
        whole.counts.push(1);
      }
    }
    parts.push(part);
  }
  return { stems, pieces: parts.length > 1 ? [whole, ...parts] : [whole] };
}

function ratio(dot: number, na: number, nb: number): number {
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Of whole-number counts: exact in any order. */
function sumOfSquares(counts: Iterable<number>): number {
  let n = 0;
  for (const x of counts) n += x * x;
  return n;
}

/** A text's stemmed content words (a topic's references; contextual grounding's sources and claims). */
export function reference(text: string): Reference {
  const words: Vector = new Map();
  for (const token of tokens(text)) {
    if (STOPWORDS.has(token)) continue;
    const s = stem(token);
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

const LETTER_OR_DIGIT = new CodePointClass(/^[\p{L}\p{N}]$/u);

/**
 * The text's words in lower case: what `text.toLowerCase().match(/[\p{L}\p{N}]+/gu)` gives,
 * read in place (no match array, no expression per word).
 */
export function tokens(text: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (let i = 0; i < lower.length; ) {
    let width = LETTER_OR_DIGIT.widthAt(lower, i);
    if (width === 0) {
      i += 1;
      continue;
    }
    const start = i;
    do {
      i += width;
      width = i < lower.length ? LETTER_OR_DIGIT.widthAt(lower, i) : 0;
    } while (width !== 0);
    found.push(lower.slice(start, i));
  }
  return found;
}

/**
 * The text cut after each . ! ? ; or line feed that white space follows, the white space
 * dropped, blank pieces left out: what `text.split(/(?<=[.!?;\n])\s+/u)` and a filter of blank
 * pieces give, read in one pass (the look-behind was tried at every position: ~13 % of the
 * topic detector's time).
 */
export function sentences(text: string): string[] {
  const pieces: string[] = [];
  const keep = (piece: string): void => { if (piece.trim().length > 0) pieces.push(piece); };
  let last = 0;
  for (let i = 1; i < text.length; i += 1) {
    if (!ENDS_SENTENCE(text.charCodeAt(i - 1)) || !isSpaceCode(text.charCodeAt(i))) continue;
    let end = i + 1;
    while (end < text.length && isSpaceCode(text.charCodeAt(end))) end += 1;
    keep(text.slice(last, i));
    last = end;
    i = end;
  }
  keep(text.slice(last));
  return pieces;
}

const ENDS_SENTENCE = (c: number): boolean => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x0a;

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
