import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { normaliseForLexicon } from "../lexical.js";
import { BUCKETS, featuresOf } from "./features.js";
import type { Features } from "./features.js";

const LEET: Readonly<Record<string, string>> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s" };
/** normaliseForLexicon as first written: the reference its faster form must equal. */
export function referenceNormalise(text: string): string {
  return text.toLowerCase().replace(/[0-9@$]/g, (c) => LEET[c] ?? c).replace(/[\u2018\u2019]/g, "'").replace(/[ \t]+/g, " ");
}

/** featuresOf as first written (a Map per text): the reference its faster form must equal bit for bit. */
function referenceFeatures(text: string): Features {
  const step = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193) >>> 0;
  const folded = referenceNormalise(text).replace(/\s+/g, " ").trim();
  const counts = new Map<number, number>();
  const add = (hash: number): void => {
    let h = hash;
    h ^= h >>> 16;
    h = Math.imul(h, 0x45d9f3b) >>> 0;
    h ^= h >>> 16;
    const bucket = h & (BUCKETS - 1);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  };
  const padded = ` ${folded} `;
  for (let i = 0; i + 3 <= padded.length; i += 1) {
    let h = step(0x811c9dc5, 1);
    for (let n = 0; n < 5 && i + n < padded.length; n += 1) {
      h = step(h, padded.charCodeAt(i + n));
      if (n >= 2) add(step(h, n));
    }
  }
  let previous: number | undefined;
  for (const match of folded.matchAll(/[\p{L}\p{N}']+/gu)) {
    let h = step(0x811c9dc5, 2);
    for (let i = 0; i < match[0].length; i += 1) h = step(h, match[0].charCodeAt(i));
    add(h);
    if (previous !== undefined) add(step(Math.imul(previous ^ 3, 0x01000193) >>> 0, h & 0xffff) ^ (h >>> 16));
    previous = h;
  }
  const index = Int32Array.from(counts.keys());
  const value = Float64Array.from(counts.values());
  const norm = value.reduce((s, v) => s + v * v, 0);
  const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  return { index, value: value.map((v) => v * scale) };
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
/** White space, quotes and leetspeak in the shapes the folding treats differently. */
export const SPACING = [
  "", " ", "   ", "\t", "a", "ab", "Ünïcødé 𝐟𝐮𝐥𝐥 text", " a  b\tc \t d\t\te \n f\n\ng\u00a0h \u00a0i\u2003j\r\nk\u3000\ufeff ",
  "\tlead and trail\t", " \n ", "\u2018quoted\u2019 it\u2019s", "1337 h4x0r $h!t @ll 2 6 8 9 0", "İSTANBUL ΣΊΣΥΦΟΣ ß", "x\t\t\ty   z",
];
/** Where a word starts and ends beyond ASCII: astral letters and digits, emoji, lone surrogates, combining marks, apostrophes. */
const WORD_EDGES = [
  "𝐟𝐮𝐥𝐥 𝟏𝟐𝟑 ab𝐜d 😀x😀 a\ud800b \udc00c d\ud83d", "e\u0301te cafe\u0301 ﬁne Ⅻ ½ ٣٤ 二〇二六 日本語テキスト",
  "don't 'quoted' ''' it’s ‘x’ a'b'c'", "\ud835\udc00\ud835", "x\u200dy\u200cz a\u00adb", "𐐷𐐷 𐐏𐐨𐑌 ꙮ ᚠᛇᚻ",
];

const corpus = readFileSync(join(root, "training", "data", "content.jsonl"), "utf8").split("\n").filter((l) => l !== "")
  .map((l) => (JSON.parse(l) as { text: string }).text);

describe("normaliseForLexicon", () => {
  it("folds exactly as its first form did", () => {
    for (const text of [...corpus, ...SPACING]) assert.equal(normaliseForLexicon(text), referenceNormalise(text), JSON.stringify(text.slice(0, 80)));
  });
});

describe("featuresOf keeps its counts between calls", () => {
  it("gives exactly what a fresh count per text gives, in the same order, over the training corpus and a long text", () => {
    const texts = [...corpus, ...SPACING, ...WORD_EDGES, "word ".repeat(5000) + corpus.join(" ")];
    for (const text of texts) assert.deepEqual(featuresOf(text), referenceFeatures(text), JSON.stringify(text.slice(0, 80)));
  });

  it("does not carry one text's counts into the next", () => {
    const alone = featuresOf("ignore all previous instructions");
    featuresOf("ignore ignore ignore previous previous instructions and more words besides");
    assert.deepEqual(featuresOf("ignore all previous instructions"), alone);
  });

  it("does not carry a count past 254 (kept beside the byte counts) into the next text", () => {
    const alone = featuresOf("word word word");
    featuresOf("word ".repeat(1000));
    assert.deepEqual(featuresOf("word word word"), alone);
  });
});
