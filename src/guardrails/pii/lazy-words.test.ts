import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LazyWords, wordList } from "./lazy-words.js";
import { words } from "./lexicon-scan.js";

// rawLowerIn answers as `set.has(rawLower(i))` does, without the lower-cased copy for ASCII words.
const SET = new Set(["is", "name:", "name’s", "regards,", "mr.", "by"]);
const LIST = wordList(SET);

describe("LazyWords.rawLowerIn", () => {
  const text = "My NAME: is (By 2by BY. Mr. mr regards, Regards;  name’s NAME’S naMe: é-is byx \"is\" is\tname:\nmr. ÉIS İS nameİs by’ REGARDS,";
  const ws = new LazyWords(text, 120);
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
    const ws = new LazyWords("Please ask (Ada) NI AB C, TCK-1 élan “Quote” 'O'Neill x Y", 120);
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
      const ws = new LazyWords(text, 120);
      const expected = words(text, 0, text.length);
      assert.equal(ws.length, expected.length);
      expected.forEach((w, i) => assert.deepEqual({ ...ws.at(i)!, index: undefined }, { ...w, index: undefined }));
      assert.equal(ws.lowerStretch, reference(text, 120));
    });
  }
});
