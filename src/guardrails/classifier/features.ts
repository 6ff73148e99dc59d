import { CodePointClass } from "../code-point-class.js";
import { normaliseForLexicon } from "../lexical.js";

/**
 * The trained classifier's features, shared by the training script and the runtime so both see
 * the same vector: character 3–5-grams (catch obfuscated spellings and word pieces) and word
 * unigrams and bigrams, hashed into a fixed number of buckets (no vocabulary to ship), counted,
 * then scaled to unit length so a long text does not score higher only for being long.
 */
export const BUCKET_BITS = 16;
export const BUCKETS = 1 << BUCKET_BITS;
const MASK = BUCKETS - 1;

/** A sparse vector: bucket indices and their values, in first-seen order. */
export interface Features {
  readonly index: Int32Array;
  readonly value: Float64Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a over UTF-16 code units, seeded per feature kind so a word and a character gram with
 * the same letters land in different buckets.
 */
function step(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

/** One character of a word: a letter, a digit (any script) or an apostrophe (what `/[\p{L}\p{N}']+/u` matches). */
const WORD = new CodePointClass(/^[\p{L}\p{N}']$/u);

/**
 * Counts per bucket and the buckets in first-seen order, kept between calls (featuresOf runs to
 * completion, so no two calls share them at once) and cleared bucket by bucket after each: a Map
 * per text cost more than the hashing itself. First-seen order is kept because the model sums
 * its products in this order, and a different order could move a score in its last bit.
 */
// One byte per bucket (64 KiB to bring back into cache for each guarded request, not 256 KiB); a
// bucket past 254 keeps its true count in `overflow` (only a very repetitive text has one).
const counts = new Uint8Array(BUCKETS);
const overflow = new Map<number, number>();
let seen = new Int32Array(4096);
let seenCount = 0;

function add(hash: number): void {
  // Final avalanche so low bits (the bucket) depend on every character.
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b) >>> 0;
  h ^= h >>> 16;
  const bucket = h & MASK;
  const count = counts[bucket]!;
  if (count === 0) {
    if (seenCount === seen.length) {
      const grown = new Int32Array(seen.length * 2);
      grown.set(seen);
      seen = grown;
    }
    seen[seenCount++] = bucket;
  }
  if (count < 255) counts[bucket] = count + 1;
  else overflow.set(bucket, (overflow.get(bucket) ?? 255) + 1);
}

export function featuresOf(text: string): Features {
  return withFeatures(text, (f) => ({ index: f.index.slice(), value: f.value.slice() }));
}

/** The values of the text being read, kept between calls like the counts (a 4 KB text has ~6,000). */
let values = new Float64Array(4096);

/**
 * A text's features, lent to `use` without copying them out: views of arrays kept between calls,
 * valid only until `use` returns (the runtime scores six categories on them and keeps nothing).
 */
export function withFeatures<T>(text: string, use: (features: Features) => T): T {
  return withNormalisedFeatures(normaliseForLexicon(text), use);
}

/** withFeatures of a text already through normaliseForLexicon (the lexical cues read the same folding). */
export function withNormalisedFeatures<T>(normalised: string, use: (features: Features) => T): T {
  // Every run of white space becomes one space (a lone space is left as it is: same text, no match per word).
  const folded = normalised.replace(/[^\S ]\s*| \s+/g, " ").trim();
  seenCount = 0;
  try {
    const padded = ` ${folded} `;
    for (let i = 0; i + 3 <= padded.length; i += 1) {
      let h = step(FNV_OFFSET, 1);
      for (let n = 0; n < 5 && i + n < padded.length; n += 1) {
        h = step(h, padded.charCodeAt(i + n));
        if (n >= 2) add(step(h, n));
      }
    }
    // Words are the runs of WORD's characters, read in place: matchAll made a match array and a
    // string per word (a quarter of what a guardrail evaluation allocated).
    let previous: number | undefined;
    for (let i = 0; i < folded.length; ) {
      let width = WORD.widthAt(folded, i);
      if (width === 0) {
        i += 1;
        continue;
      }
      let h = step(FNV_OFFSET, 2);
      do {
        h = step(h, folded.charCodeAt(i));
        if (width === 2) h = step(h, folded.charCodeAt(i + 1));
        i += width;
        width = i < folded.length ? WORD.widthAt(folded, i) : 0;
      } while (width !== 0);
      add(h);
      if (previous !== undefined) add(step(Math.imul(previous ^ 3, FNV_PRIME) >>> 0, h & 0xffff) ^ (h >>> 16));
      previous = h;
    }
    if (values.length < seenCount) values = new Float64Array(seen.length);
    let norm = 0;
    for (let k = 0; k < seenCount; k += 1) {
      const bucket = seen[k]!;
      const count = counts[bucket] === 255 ? overflow.get(bucket) ?? 255 : counts[bucket]!;
      values[k] = count;
      norm += count * count;
    }
    const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    for (let k = 0; k < seenCount; k += 1) values[k] = (values[k] as number) * scale;
    return use({ index: seen.subarray(0, seenCount), value: values.subarray(0, seenCount) });
  } finally {
    // Even after a failure part-way, the next text starts from zero counts.
    for (let k = 0; k < seenCount; k += 1) counts[seen[k]!] = 0;
    overflow.clear();
    seenCount = 0;
  }
}
