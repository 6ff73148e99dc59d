import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as Obscenity from "obscenity";
import { seededRandom } from "./classifier/seeded-random.js";
import { CandidateCheck, ProfanityMatcher, WordMatcher } from "./words.js";

const obscenity = createRequire(import.meta.url)("obscenity") as typeof Obscenity;
const { RegExpMatcher, englishDataset, englishRecommendedTransformers } = obscenity;
const dataset = englishDataset.build();
/** obscenity as plinth used it before the pre-check: the reference every answer must equal. */
const reference = new RegExpMatcher({ ...dataset, ...englishRecommendedTransformers });
const referenceHits = (text: string): { start: number; end: number }[] => {
  const seen = new Set<string>();
  return reference.getAllMatches(text, true)
    .map((m) => ({ start: m.startIndex, end: m.endIndex + 1 }))
    .filter((h) => !seen.has(`${h.start}:${h.end}`) && Boolean(seen.add(`${h.start}:${h.end}`)));
};
/** obscenity's own transformed text (a private method: read here only to compare with). */
const obscenityTransform = (text: string): string => {
  const m = reference as unknown as { applyTransformers(t: string, s: unknown): [number[], string]; blacklistMatcherTransformers: unknown };
  return m.applyTransformers(text, m.blacklistMatcherTransformers)[1];
};

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const corpus: string[] = [
  ...readFileSync(join(root, "training", "data", "content.jsonl"), "utf8").split("\n").filter((l) => l !== "").map((l) => (JSON.parse(l) as { text: string }).text),
  "", "a", "sh1t", "f u c k", "fuuuuck", "FUCK", "Fück", "ƒuck", "$h!t", "a$$hole", "b00bs", "assassin", "class", "Scunthorpe", "pen is mightier",
  "𝐟𝐮𝐜𝐤", "🅵🆄🅲🅺", "ｆｕｃｋ", "bi\u200btch", "tit\ud800s", "\udc00fuck\ud83d", "ni99er", "c0ck", "cocktail", "shitake", "hello\uD83D\uDE00shit",
  "x".repeat(40_000) + "shit", "é".repeat(20_000) + "𝐬𝐡𝐢𝐭".repeat(5_000),
];

describe("the managed profanity list's pre-check", () => {
  const check = CandidateCheck.of(reference, englishRecommendedTransformers.blacklistMatcherTransformers ?? []);

  it("is built from this obscenity version (without it every text pays obscenity's full scan)", () => {
    assert.ok(check !== undefined);
  });

  it("transforms every text exactly as obscenity does before its blacklisted terms", () => {
    for (const text of corpus) assert.equal(check!.transform(text), obscenityTransform(text), JSON.stringify(text.slice(0, 80)));
  });

  it("finds a candidate in every text obscenity finds a term in, and the matcher answers exactly as obscenity", () => {
    const matcher = new ProfanityMatcher();
    let profane = 0;
    for (const text of corpus) {
      const expected = referenceHits(text);
      if (expected.length > 0) {
        profane++;
        assert.ok(check!.mayMatch(text), JSON.stringify(text.slice(0, 80)));
      }
      assert.deepEqual(matcher.find(text), expected, JSON.stringify(text.slice(0, 80)));
    }
    // The corpus must hold both kinds, or this test would show nothing.
    assert.ok(profane > 10 && profane < corpus.length - 10, `${profane} of ${corpus.length}`);
  });

  it("collapses repeated characters inline, exactly as obscenity's transformer would, on random texts", () => {
    assert.equal(check!.collapsesInline, true);
    // Letters the terms use, their leetspeak and confusable spellings, spaces, astral and lone surrogates, in runs.
    const alphabet = ["a", "s", "h", "i", "t", "f", "u", "c", "k", "1", "!", "$", "0", "@", " ", "  ", "é", "𝐟", "🅵", "ｆ", "\u200b", "\ud800", "\udc00", "-", "."];
    const random = seededRandom(7);
    for (let n = 0; n < 3_000; n++) {
      let text = "";
      for (let len = 1 + Math.floor(random() * 24); len > 0; len--) text += alphabet[Math.floor(random() * alphabet.length)]!.repeat(1 + Math.floor(random() * 4));
      assert.equal(check!.transform(text), obscenityTransform(text), JSON.stringify(text));
    }
  });

  it("runs any duplicate-collapsing thresholds inline as obscenity does (none, unlimited, astral, zero)", () => {
    const transformers = [obscenity.collapseDuplicatesTransformer({ defaultThreshold: 2, customThresholds: new Map([["a", Infinity], ["𝐟", 1], [" ", 0], ["b", 3]]) })];
    const matcher = new RegExpMatcher({ ...dataset, blacklistMatcherTransformers: transformers });
    const custom = CandidateCheck.of(matcher, transformers);
    assert.equal(custom?.collapsesInline, true);
    const own = matcher as unknown as { applyTransformers(t: string, s: unknown): [number[], string]; blacklistMatcherTransformers: unknown };
    for (const text of ["aaaaaaab", "bbbbbbb", "𝐟𝐟𝐟𝐟x", "a  b   c", "xxxxyyyzz", "", " ", "ccccc aaaa 𝐟𝐟 bbbb"]) {
      assert.equal(custom!.transform(text), own.applyTransformers(text, own.blacklistMatcherTransformers)[1], JSON.stringify(text));
    }
  });

  it("answers 'maybe' on RE2 wherever V8's engine running the same alternation would", () => {
    assert.equal(check!.engine, "re2");
    const terms = (reference as unknown as { blacklistedTerms: { regExp: RegExp }[] }).blacklistedTerms;
    const v8 = new RegExp(terms.map((t) => `(?:${t.regExp.source})`).join("|"), terms[0]!.regExp.flags.replace("g", ""));
    const random = seededRandom(11);
    const pieces = ["f", "u", "ck", "sh", "it", "a", "ss", "b", "tch", " ", "😀", "\ud800", "x", "cum", "anal", "-", "q"];
    const texts = [...corpus];
    for (let n = 0; n < 3_000; n++) texts.push(Array.from({ length: 1 + Math.floor(random() * 10) }, () => pieces[Math.floor(random() * pieces.length)]).join(""));
    let agreed = 0;
    for (const text of texts) {
      const transformed = check!.transform(text);
      const expected = v8.test(transformed);
      const got = check!.mayMatch(text);
      if (expected) assert.ok(got, JSON.stringify(text.slice(0, 80)));
      if (got === expected) agreed++;
    }
    // RE2's "." takes a whole astral character where V8's takes one unit: the only disagreement allowed, and rare.
    assert.ok(agreed > texts.length * 0.95, `${agreed} of ${texts.length}`);
  });

  it("says no candidate for a clean text and yes for an obfuscated term", () => {
    assert.equal(check!.mayMatch("Please summarise the quarterly figures for the board."), false);
    assert.equal(check!.mayMatch("you are a $h1thead"), true);
  });

  it("is not built from terms whose expressions it cannot join", () => {
    const fake = { blacklistedTerms: [{ id: 1, regExp: /a/gs }, { id: 2, regExp: /b/g }] } as unknown as Obscenity.RegExpMatcher;
    assert.equal(CandidateCheck.of(fake, []), undefined);
    assert.equal(CandidateCheck.of({} as Obscenity.RegExpMatcher, []), undefined);
  });
});

describe("custom words", () => {
  it("a word beginning with an astral character that fails its boundary hides no word after it", () => {
    const matcher = new WordMatcher(["🍆", "𝐀b", "ab", "secret plan"]);
    const found = (text: string): string[] => matcher.find(text).map((h) => text.slice(h.start, h.end));
    assert.deepEqual(found("x𝐀b 𝐀b"), ["𝐀b"]);
    assert.deepEqual(found("c𝐀b ab"), ["ab"]);
    assert.deepEqual(found("x🍆 then the secret plan"), ["secret plan"]);
    assert.deepEqual(found("🍆 and the secret plan"), ["🍆", "secret plan"]);
    assert.deepEqual(found("𝐀𝐀b then ab"), ["ab"]);
    // A letter beyond the BMP on either side is a letter: no boundary there.
    assert.deepEqual(found("ab𝐀 𝐀ab ab"), ["ab"]);
    assert.deepEqual(found("𝐀b\u{1F600}"), ["𝐀b"]);
  });
});
