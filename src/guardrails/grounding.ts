import type { GroundingDetector, GroundingInput } from "./ports.js";
import { reference, sentences } from "./topics.js";
import type { Vector } from "./topics.js";

/**
 * The built-in contextual-grounding detector: lexical evidence, not a language model. It reads
 * the same stemmed content words as the denied-topic detector (topics.ts), and gives partial
 * credit by character-trigram similarity to a word the stemmer did not meet ("synthesised" and
 * "synthesis"), so it is explainable and cheap; a paraphrase that shares no word with the source
 * scores low, and an operator who needs better puts a model behind GroundingDetector.
 *
 * GROUNDING: each sentence of the answer is a claim; its support is the share of its content
 * words the sources hold. New information counts double (a word the query already used is not
 * what needs backing), and a number the sources never mention halves the support (numbers are
 * where answers hallucinate most). The score blends the claims' weighted mean with the weakest
 * claim, so one invented sentence in five pulls the answer down rather than vanishing in the mean.
 *
 * RELEVANCE: the share of the query's content words the answer takes up, or, when the answer
 * does not repeat the question ("Paris." to "What is the capital of France?"), the best source
 * sentence that both covers the query and supports the answer: the source bridges the two.
 *
 * An answer with no content words claims nothing (GROUNDING 1) and answers nothing (RELEVANCE
 * 0); a query with none asks nothing (RELEVANCE 1).
 */
type Kind = "GROUNDING" | "RELEVANCE";

/** Below this character-trigram (Dice) similarity a near word earns no credit. */
const NEAR_WORD = 0.5;
/** Replies and contractions' stubs that carry no claim of their own. */
const FILLER = new Set(["don", "doesn", "didn", "isn", "aren", "wasn", "weren", "won", "cannot", "can", "sorry", "sure", "yes", "ok", "okay", "answer", "question"]);

interface Bag {
  readonly words: Vector;
  readonly trigrams: Map<string, Set<string>>;
  /** The words by their first two letters: a near word is looked for among those only (see `held`). */
  byPrefix?: Map<string, string[]>;
  /** What `held` found for a word of another text, so a repeated word is looked up once. */
  readonly memo: Map<string, number>;
}

function bag(text: string): Bag {
  const words: Vector = new Map();
  for (const [w, n] of reference(text).words) if (!FILLER.has(w)) words.set(w, n);
  return { words, trigrams: new Map(), memo: new Map() };
}

function prefixIndex(b: Bag): Map<string, string[]> {
  if (b.byPrefix === undefined) {
    b.byPrefix = new Map();
    for (const w of b.words.keys()) {
      if (hasDigit(w)) continue;
      const k = w.slice(0, 2);
      const list = b.byPrefix.get(k);
      if (list === undefined) b.byPrefix.set(k, [w]);
      else list.push(w);
    }
  }
  return b.byPrefix;
}

function trigramsOf(b: Bag, word: string): Set<string> {
  let t = b.trigrams.get(word);
  if (t === undefined) {
    t = new Set();
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) t.add(padded.slice(i, i + 3));
    b.trigrams.set(word, t);
  }
  return t;
}

const hasDigit = (w: string): boolean => /\p{N}/u.test(w);

/**
 * How well `evidence` holds one word: 1 when it has it, else its nearest word's trigram Dice
 * (never for a number). Near words are looked for among those sharing the first two letters: the
 * variants a stemmer misses ("synthesised" / "synthesis") keep their start, and this bounds the
 * work by the bucket rather than the source's whole vocabulary, so a long answer against a long
 * source stays cheap (the scorer runs on the event loop).
 */
function held(word: string, from: Bag, evidence: Bag): number {
  if (evidence.words.has(word)) return 1;
  if (hasDigit(word)) return 0;
  const known = evidence.memo.get(word);
  if (known !== undefined) return known;
  const mine = trigramsOf(from, word);
  let best = 0;
  for (const other of prefixIndex(evidence).get(word.slice(0, 2)) ?? []) {
    if (Math.abs(other.length - word.length) > 4) continue;
    const theirs = trigramsOf(evidence, other);
    let shared = 0;
    for (const g of mine) if (theirs.has(g)) shared++;
    best = Math.max(best, (2 * shared) / (mine.size + theirs.size));
  }
  const credit = best >= NEAR_WORD ? best : 0;
  evidence.memo.set(word, credit);
  return credit;
}

/** The weighted share of `claim`'s words that `evidence` holds; a missing number halves it. */
function support(claim: Bag, evidence: Bag, asked?: Bag): number {
  let total = 0;
  let found = 0;
  let missingNumbers = 0;
  for (const [w, n] of claim.words) {
    const weight = n * (asked?.words.has(w) ? 1 : 2);
    const h = held(w, claim, evidence);
    total += weight;
    found += weight * h;
    if (h === 0 && hasDigit(w)) missingNumbers++;
  }
  if (total === 0) return 1;
  return (found / total) * 0.5 ** missingNumbers;
}

function groundingScore(answer: string, source: Bag, query: Bag): number {
  const claims = sentences(answer).map(bag).filter((c) => c.words.size > 0);
  if (claims.length === 0) return 1;
  let weighted = 0;
  let weights = 0;
  let weakest = 1;
  for (const claim of claims) {
    const s = support(claim, source, query);
    const w = claim.words.size;
    weighted += s * w;
    weights += w;
    weakest = Math.min(weakest, s);
  }
  return 0.5 * (weighted / weights) + 0.5 * weakest;
}

/** How many source sentences, the ones covering most of the query, may bridge it to the answer. */
const BRIDGES = 5;

function relevanceScore(answer: Bag, query: Bag, sources: readonly string[]): number {
  if (query.words.size === 0) return 1;
  if (answer.words.size === 0) return 0;
  const direct = support(query, answer);
  const covering = sources.flatMap((text) => sentences(text)).map(bag)
    .filter((s) => s.words.size > 0)
    .map((s) => ({ s, covers: support(query, s) }))
    .filter((c) => c.covers > direct)
    .sort((a, b) => b.covers - a.covers)
    .slice(0, BRIDGES);
  let best = direct;
  for (const { s, covers } of covering) best = Math.max(best, covers * support(answer, s, query));
  return best;
}

const round = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;

export function scoreGrounding(input: GroundingInput, asked: ReadonlySet<Kind>): Map<Kind, number> {
  const query = bag(input.queries.join("\n"));
  const scores = new Map<Kind, number>();
  if (asked.has("GROUNDING")) scores.set("GROUNDING", round(groundingScore(input.answer, bag(input.sources.join("\n")), query)));
  if (asked.has("RELEVANCE")) scores.set("RELEVANCE", round(relevanceScore(bag(input.answer), query, input.sources)));
  return scores;
}

export const lexicalGrounding: GroundingDetector = {
  async score(input, asked) {
    return scoreGrounding(input, asked);
  },
};
