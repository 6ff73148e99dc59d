import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { reference, similarityTopics, stem } from "./topics.js";

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

describe("reference", () => {
  it("counts the same stems whether or not a text's stems are shared between its sentences", () => {
    const stems = new Map<string, string>();
    for (const text of corpus.slice(0, 500)) assert.deepEqual(reference(text, stems).words, reference(text).words);
  });

  it("a detector finds a topic from its examples", async () => {
    const detector = similarityTopics.build([{ name: "investment advice", definition: "Recommendations on which stocks or funds to buy.", examples: ["Which stocks should I buy this year?"], type: "DENY", inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true }]);
    assert.ok(((await detector.detect("Tell me which stocks I should be buying right now.")).get("investment advice") ?? 0) > 0);
  });
});
