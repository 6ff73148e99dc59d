import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TopicConfig } from "./config.js";
import { seededRandom } from "./classifier/seeded-random.js";
import { Reference, cosine, reference, sentences, similarityTopics, stem, tokens } from "./topics.js";

/** The detector as first written (each piece against each reference through two cosines): what the indexed form must equal. */
function referenceDetect(topics: readonly TopicConfig[], text: string): Map<string, number> {
  const refs = topics.map((t) => [t.definition, ...t.examples, t.name.replace(/[-_]/g, " ")].map((x) => reference(x)));
  const parts = sentences(text).map((x) => reference(x));
  const whole = new Map<string, number>();
  for (const part of parts) for (const [k, n] of part.words) whole.set(k, (whole.get(k) ?? 0) + n);
  const pieces = parts.length > 1 ? [new Reference(whole), ...parts] : [new Reference(whole)];
  const similarity = (a: Reference, b: Reference): number => {
    if (a.words.size === 0 || b.words.size === 0) return 0;
    let shared = 0;
    for (const k of b.words.keys()) if (a.words.has(k)) shared++;
    if (shared < Math.min(2, b.words.size)) return 0;
    return 0.65 * cosine(a.words, b.words) + 0.35 * cosine(a.trigrams, b.trigrams);
  };
  const found = new Map<string, number>();
  topics.forEach((topic, t) => {
    let best = 0;
    for (const piece of pieces) for (const ref of refs[t]!) best = Math.max(best, similarity(piece, ref));
    if (best >= 0.12) found.set(topic.name, Math.min(1, best / 0.45));
  });
  return found;
}

/** stem as first written (every suffix tried on every word): the reference its faster form must equal. */
function referenceStem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  for (const suffix of ["ational", "ations", "ation", "ments", "ment", "ness", "ingly", "ing", "edly", "ed", "ers", "er", "ly", "ive", "ful", "al"]) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && !"aeioulsz".includes(w[w.length - 1]!)) w = w.slice(0, -1);
  return w;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const corpus = readFileSync(join(root, "training", "data", "content.jsonl"), "utf8").split("\n").filter((l) => l !== "")
  .map((l) => (JSON.parse(l) as { text: string }).text);

describe("stem", () => {
  it("strips exactly as its first form did, over every word of the training corpus", () => {
    const words = new Set(corpus.join(" ").toLowerCase().match(/[\p{L}\p{N}]+/gu));
    for (const w of ["rationally", "operational", "stations", "statement", "kindness", "willingly", "ed", "stopped", "hopeful", "ies", "caresses"]) words.add(w);
    for (const w of words) assert.equal(stem(w), referenceStem(w), w);
  });
});

describe("reading a text in place", () => {
  const random = seededRandom(9);
  // Sentence ends, every kind of white space, letters that lower-case to more than one unit, astral letters and digits, lone surrogates, combining marks.
  const pieces = [".", "!", "?", ";", "\n", " ", "  ", "\t", "\u00a0", "\u2028", "\ufeff", "\u3000", "a", "Word", "İstanbul", "ß", "ǅ", "𝐀𝐁", "𝟙", "٣", "\ud800", "\udc00", "e\u0301", "-", "'", "x.y", "Ünïcödé", "ΣΑΣ"];
  const texts = [...corpus.slice(0, 2_000), ...Array.from({ length: 3_000 }, () => Array.from({ length: 1 + Math.floor(random() * 16) }, () => pieces[Math.floor(random() * pieces.length)]).join("")), "", " ", ".", ". ", " .", "a.\n\nb", "a\n b"];

  it("sentences are what the look-behind split and the blank filter gave", () => {
    for (const text of texts) assert.deepEqual(sentences(text), text.split(/(?<=[.!?;\n])\s+/u).filter((s) => s.trim().length > 0), JSON.stringify(text));
  });

  it("tokens are what lower-casing and matching runs of letters and digits gave", () => {
    for (const text of texts) assert.deepEqual(tokens(text), text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [], JSON.stringify(text));
  });
});

describe("reference", () => {
  it("finds exactly what the detector as first written found, to the last bit, for one topic and for many, short texts and long", async () => {
    const random = seededRandom(5);
    const pick = (): string => corpus[Math.floor(random() * corpus.length)]!;
    const topicsOf = (n: number): TopicConfig[] => Array.from({ length: n }, (_, i) => ({
      name: `topic-${i}`, definition: pick(), examples: Array.from({ length: 1 + Math.floor(random() * 5) }, pick),
      type: "DENY", inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true,
    }));
    let found = 0;
    for (const topics of [topicsOf(1), topicsOf(3), topicsOf(12), topicsOf(30)]) {
      const detector = similarityTopics.build(topics);
      const texts = [...Array.from({ length: 150 }, pick), ...Array.from({ length: 15 }, () => Array.from({ length: 40 }, pick).join(" ")), "", "...", "a b"];
      for (const text of texts) {
        const expected = referenceDetect(topics, text);
        found += expected.size;
        assert.deepEqual(await detector.detect(text), expected, text.slice(0, 80));
      }
    }
    // Enough topics found that the comparison means something.
    assert.ok(found > 100, String(found));
  });

  it("a detector finds a topic from its examples", async () => {
    const detector = similarityTopics.build([{ name: "investment advice", definition: "Recommendations on which stocks or funds to buy.", examples: ["Which stocks should I buy this year?"], type: "DENY", inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true }]);
    assert.ok(((await detector.detect("Tell me which stocks I should be buying right now.")).get("investment advice") ?? 0) > 0);
  });
});
