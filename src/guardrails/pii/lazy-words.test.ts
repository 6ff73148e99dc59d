import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CAPITAL_OR_WIDE, DIGIT, forgetWords, LazyWords, wordList, wordsOf } from "./lazy-words.js";
import { words } from "./lexicon-scan.js";

// rawLowerIn answers as `set.has(rawLower(i))` does, without the lower-cased copy for ASCII words.
const SET = new Set(["is", "name:", "name’s", "regards,", "mr.", "by"]);
const LIST = wordList(SET);

describe("LazyWords.rawLowerIn", () => {
  const text = "My NAME: is (By 2by BY. Mr. mr regards, Regards;  name’s NAME’S naMe: é-is byx \"is\" is\tname:\nmr. ÉIS İS nameİs by’ REGARDS,";
  const ws = new LazyWords(text);
  for (let i = 0; i < ws.length; i++) {
    it(`word ${i} ${JSON.stringify(ws.rawLower(i))}`, () => assert.equal(ws.rawLowerIn(i, LIST), SET.has(ws.rawLower(i))));
  }
  it("finds some and refuses some", () => {
    const found = Array.from({ length: ws.length }, (_, i) => ws.rawLowerIn(i, LIST));
    assert.ok(found.includes(true) && found.includes(false));
  });
});

describe("LazyWords.candidates", () => {
  it("holds the words maybeName accepts, in order", () => {
    const ws = new LazyWords("Please ask (Ada) NI AB C, TCK-1 élan “Quote” 'O'Neill x Y");
    const expected = Array.from({ length: ws.length }, (_, i) => i).filter((i) => ws.maybeName(i));
    assert.deepEqual(ws.candidates, expected);
    assert.ok(expected.length > 0);
  });
});

describe("LazyWords: the split", () => {
  // The same words as lexicon-scan's words(), and lowerStretch as a plain reading of the capitals.
  const texts = [
    "", " ", "a", "Ab", "  lead and trail  ", "tab\tline\nbreak\r\nend", "nb\u00a0sp\u2003em\u3000ideo\ufeffbom",
    "Élan Ödön ÅSA ŁÓDŹ 𝐀stral", `${"x ".repeat(130)}Capital${" y".repeat(130)}`, `Cap${" z".repeat(200)}`, "NI AB 12 C, TCK-1 (Ada) “Quote”",
  ];
  const reference = (text: string, reach: number): boolean => {
    const caps: number[] = [];
    for (let i = 0; i < text.length; i++) if (/\p{Lu}/uy.test(text.slice(i, i + 2)) && !/\s/u.test(text[i]!)) caps.push(i);
    let prev = -reach - 1;
    for (const p of caps) { if (p - prev > 2 * reach + 1) return true; prev = p; }
    return text.length - prev > reach + 1;
  };
  for (const text of texts) {
    it(JSON.stringify(text.slice(0, 40)), () => {
      const ws = new LazyWords(text);
      const expected = words(text, 0, text.length);
      assert.equal(ws.length, expected.length);
      expected.forEach((w, i) => assert.deepEqual({ ...ws.at(i)!, index: undefined }, { ...w, index: undefined }));
      for (const reach of [0, 1, 3, 120]) assert.equal(ws.lowerStretch(reach), reference(text, reach), `reach ${reach}`);
      expected.forEach((w, i) => {
        const raw = text.slice(w.start, w.end);
        assert.equal(ws.hasDigit(i), /[0-9]/.test(raw));
        assert.equal(ws.markOf(i), (/[0-9]/.test(raw) ? DIGIT : 0) | (/[A-Z]|[^\x00-\x7f]/.test(raw) ? CAPITAL_OR_WIDE : 0));
      });
    });
  }
});

describe("LazyWords.within: the words of a stretch, its edges anywhere", () => {
  // nlp-doc's chunks can be cut inside a word (a hard cut in a long run): a stretch's words are
  // then the parts of the text's words inside it, as `words(text, from, to)` splits them.
  const texts = ["Ada Lovelace (ada@x.org) NI AB 12", "  tab\tAda\nLove-lace  ", "Élan ÅSA x\u00a0Y 12st road", "oneword", "a  b"];
  for (const text of texts) {
    it(JSON.stringify(text), () => {
      const ws = new LazyWords(text);
      for (let from = 0; from <= text.length; from++) {
        for (let to = from; to <= text.length; to++) {
          const got = ws.within(from, to).map((w) => ({ ...w, index: undefined }));
          const expected = words(text, from, to).map((w) => ({ ...w, index: undefined }));
          assert.deepEqual(got, expected, `[${from}, ${to})`);
        }
        const first = ws.firstEndingAfter(from);
        assert.ok(first === ws.length || ws.endOf(first) > from);
        assert.ok(first === 0 || ws.endOf(first - 1) <= from);
        const starting = ws.firstStartingFrom(from);
        assert.ok(starting === ws.length || ws.startOf(starting) >= from);
        assert.ok(starting === 0 || ws.startOf(starting - 1) < from);
      }
    });
  }
  it("a whole word is the text's own (split once), a cut one is not", () => {
    const ws = new LazyWords("Ada Lovelace wrote");
    assert.equal(ws.within(0, 12)[1], ws.at(1));
    const cut = ws.within(0, 8)[1]!;
    assert.equal(cut.core, "Love");
    assert.equal(cut.index, -1);
  });
});

describe("wordsOf: one split per text", () => {
  it("answers the same words for the same text until forgotten", () => {
    const a = wordsOf("Ada Lovelace wrote");
    assert.equal(wordsOf("Ada Lovelace wrote"), a);
    assert.notEqual(wordsOf("Grace Hopper"), a);
    const b = wordsOf("Grace Hopper");
    forgetWords();
    assert.notEqual(wordsOf("Grace Hopper"), b);
    forgetWords();
  });
});
