import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LazyWords, wordsByLength } from "./lazy-words.js";

// rawLowerIn answers as `set.has(rawLower(i))` does, without the lower-cased copy for ASCII words.
const SET = new Set(["is", "name:", "name’s", "regards,", "mr.", "by"]);
const BY_LENGTH = wordsByLength(SET);

describe("LazyWords.rawLowerIn", () => {
  const text = "My NAME: is (By 2by BY. Mr. mr regards, Regards;  name’s NAME’S naMe: é-is byx \"is\" is\tname:\nmr.";
  const ws = new LazyWords(text, 120);
  for (let i = 0; i < ws.length; i++) {
    it(`word ${i} ${JSON.stringify(ws.rawLower(i))}`, () => assert.equal(ws.rawLowerIn(i, SET, BY_LENGTH), SET.has(ws.rawLower(i))));
  }
  it("finds some and refuses some", () => {
    const found = Array.from({ length: ws.length }, (_, i) => ws.rawLowerIn(i, SET, BY_LENGTH));
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
