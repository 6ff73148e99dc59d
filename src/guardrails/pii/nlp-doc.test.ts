import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { forgetParse, mayName, openerKey, parse, reusedPatterns, windowsOf, worthParsing } from "./nlp-doc.js";

describe("which sentences compromise reads", () => {
  const cases: [string, boolean][] = [
    ["the cache is cleared before the next run.", false],
    ["The cache is cleared before the next run. ", false],
    ["Please make sure I'm told when I arrive.", false],
    ["Sarah called yesterday.", true],
    ["The form went to Sarah Jones.", true],
    ["It is at flat 4.", true],
    ["Then we met in Leeds.", true],
    ["Leeds is lovely.", true],
    ["\"Grace said so.\"", true],
  ];
  for (const [sentence, expected] of cases) {
    it(`${JSON.stringify(sentence)} → ${expected}`, () => assert.equal(mayName(sentence), expected));
  }
});

describe("parse", () => {
  it("finds the same people whether or not plain sentences surround them, at the same offsets", () => {
    const named = "Aisha Nowak (aisha.macdonald@example.com) asked about her card.";
    const filler = "The build ran again this morning. It passed on the second try. ";
    const alone = parse(named).people;
    const embedded = parse(filler + named + " " + filler).people;
    assert.ok(alone.length > 0);
    assert.deepEqual(embedded.map((s) => ({ start: s.start - filler.length, end: s.end - filler.length })), alone);
  });
});

describe("parse, a sentence cut after its last capital", () => {
  it("still finds a name and a place near the end, at their offsets", () => {
    const text = "we walked for a long time along the river and then met Grace Mensah in Leeds on the way to the old mill by the water.";
    const people = parse(text).people.map((s) => text.slice(s.start, s.end));
    const places = parse(text).places.map((s) => text.slice(s.start, s.end));
    assert.deepEqual(people, ["Grace Mensah"]);
    assert.deepEqual(places, ["Leeds"]);
  });
});

/**
 * The windows compromise reads must find what it finds reading the whole text, for every span
 * NAME or ADDRESS keeps (one starting with a capital, or for a place a digit). The reference is
 * compromise itself over the whole text, so a window cut too tight fails here.
 */
describe("windows around candidates find what the whole text yields", () => {
  const compromise = createRequire(import.meta.url)("compromise") as (t: string) => {
    people(): { json(o: object): { text: string; offset: { start: number; length: number } }[] };
    places(): { json(o: object): { text: string; offset: { start: number; length: number } }[] };
  };
  const kept = (text: string, spans: readonly { start: number; end: number }[], digit: boolean): string[] =>
    spans.map((s) => text.slice(s.start, s.end).replace(/[\s.,;:!?'")\]]+$/u, "")).filter((t) => (digit ? /^[\p{Lu}\d]/u : /^\p{Lu}/u).test(t));
  const whole = (text: string) => {
    const doc = compromise(text);
    const spans = (list: { offset: { start: number; length: number } }[]) => list.map((j) => ({ start: j.offset.start, end: j.offset.start + j.offset.length }));
    return { people: kept(text, spans(doc.people().json({ offset: true })), false), places: kept(text, spans(doc.places().json({ offset: true })), true) };
  };
  const cases: [string, string][] = [
    ["a name opening the text", "Grace Mensah called about the invoice for the north office this morning."],
    ["a name closing the text, no full stop", "the invoice for the north office this morning was sent to Grace Mensah"],
    ["a name at a window's right edge", "Dr Smith said the new results were fine and so Grace Mensah agreed with him."],
    ["a name just past a window's right edge", "Dr Smith said the new results were all fine, so Oliver Okafor agreed."],
    ["two names far apart in one long sentence", "Priya Patel wrote that the quarterly figures for the whole of the north-west region were late because Tomasz Nowak was away."],
    ["a title opening a window", "we were told by Mr Wright that the claim had been paid in full last week."],
    ["a name split across a line", "Please send the signed form to Grace\nMensah at the office before noon."],
    ["a place at the end of a line", "She moved last spring to Leeds\nand works at the hospital there now."],
    ["an address with its town and postcode", "the parcel went to 12 Baker Street, Leeds LS1 4AB yesterday and arrived late."],
    ["a lower-case street address", "deliver to 42 station road before noon please"],
    ["numbers that are no address", "we paid 240 pounds for 3 nights at the hotel in 2024 and left at 10 sharp."],
    ["lower-case names only", "please forward this to grace mensah in accounts when you can."],
    ["names after a plain sentence", "The build ran again this morning. It passed on the second try. Then Aisha Nowak from Cardiff asked about it."],
    ["a capitalised opener before a name", "Yesterday Hannah Evans flew from Glasgow to Bristol for the review."],
  ];
  for (const [what, text] of cases) {
    it(what, () => {
      const parsed = parse(text);
      forgetParse();
      assert.deepEqual({ people: kept(text, parsed.people, false), places: kept(text, parsed.places, true) }, whole(text));
    });
  }
});

describe("worthParsing, the pre-filter", () => {
  const cases: [string, string, string[]][] = [
    ["nothing capitalised", "the cache is cleared before the next run.", []],
    ["lower-case names", "please forward this to grace mensah in accounts", []],
    ["a common opener and the pronoun I", "The report is late and I know why.", []],
    ["a name opening the text", "Grace Mensah called about the invoice for the north office today.", ["Grace Mensah called about"]],
    ["a name closing the text", "the invoice for the north office was sent to Grace Mensah", ["sent to Grace Mensah"]],
    ["two windows in one sentence", "Priya Patel wrote that the quarterly figures for the whole region were late because Tomasz Nowak was away.", ["Priya Patel wrote that", "late because Tomasz Nowak was away."]],
    // A window reaching its line's end runs on into the next line's: compromise splits them again.
    ["windows meeting at a line break are one piece", "send it to Grace\nMensah has it", ["it to Grace\nMensah has it"]],
    ["a number before a street word is a candidate", "deliver to 42 station road before noon please", ["deliver to 42 station road"]],
    ["amounts and counts in lower-case prose are not", "we paid 240 pounds for 3 nights and left at 10.", []],
    ["a number with a street word past its reach is not", "we paid 240 pounds for the two nights by the road", []],
    // mayName refuses the second sentence (its 'Bob' follows a quote, its opener is common), so
    // the window it would have joined to the first sentence's is not lengthened either.
    ["a refused sentence leaves the window before it as it was", "met Grace. a 'Bob' b c d", ["met Grace. "]],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => assert.deepEqual(worthParsing(text, 0, text.length).map((w) => text.slice(w.start, w.end)), expected));
  }
});

describe("compromise's match patterns parsed once", () => {
  it("people() and places() reuse their eight patterns, and reading texts leaves each as parsed", () => {
    // Commas, possessives, honorifics, places after places: every branch of people() and places().
    const texts = [
      "Mr John Smith's car went from Paris, France to Europe, Asia and his sister met Sarah Jones in London.",
      "Dr. Ada Lovelace, Grace Hopper and her friend moved to Leeds, then to Spain, Madrid.",
      "We met Tomasz Nowak of Gdansk, Poland; he said Anna Kowalska's flat is in Krakow.",
    ];
    for (const text of texts) {
      parse(text);
      forgetParse();
    }
    const reused = reusedPatterns();
    assert.deepEqual(reused.map((r) => r.pattern).sort(), [
      "#Hon+? #Pers+", "#Poss+", "(#City|#Region|#Prop)$", "(#Place|#Address)+", "(asia|africa|europe|america)$", "(his|her)", "@hasComma", "^(#Country|#Region)",
    ].sort());
    for (const r of reused) assert.ok(r.intact, r.pattern);
  });
});

describe("a street word after a number, at a chunk's hard cut", () => {
  it("is read as the cut leaves it: 'st' of 'stxyz' cut after 'st' is a street word there", () => {
    // 600 characters with no space: the chunk is cut at 600, inside "stxyz"; the pre-pass reads
    // the words of that chunk, so "12" has "st" after it (a street word), as a slice reads it.
    const text = "word\t".repeat(119) + "12\tst" + "xyz\tmore\twords\there\tand\tthere\t".repeat(20);
    assert.deepEqual(windowsOf(text), [{ start: 585, end: 600 }]);
  });
});

describe("a chunk's hard cut inside a word: each side reads the part it holds", () => {
  // No space anywhere, so the first chunk ends at 600 inside the word there. The pre-filter and
  // the lexicon scan read the words of the text split once; at the cut they read the cut parts,
  // as they did when each split its own stretch (values from the build before the shared split).
  const run = (pad: number, words: string): string => "w\t".repeat(pad) + words + "\tand\tmore".repeat(40);
  const cases: [string, string, string[], string[], string[]][] = [
    ["a capital opening the second chunk is a candidate", run(297, "abcdefJones\tsaid\thi\tto\tthe\tteam"), ["Jones\tsaid\thi"], ["Jones"], []],
    ["a name cut at the first chunk's end is read as cut", run(293, "met\tAda\tLovelaceSmith\twrote\tto\tus"), ["w\tmet\tAda\tLovela"], ["Ada\tLovela"], []],
    ["digits after the cut make a candidate", run(298, "abcd12\tstation\troad\tnow"), ["12\tstation\troad"], [], ["12\tstation\troad"]],
    ["digits before the cut do not make the rest one", run(299, "12ab\tcd\tstation\troad\tnow"), [], [], []],
  ];
  for (const [what, text, windows, people, places] of cases) {
    it(what, () => {
      assert.deepEqual(windowsOf(text).map((w) => text.slice(w.start, w.end)), windows);
      const parsed = parse(text);
      forgetParse();
      assert.deepEqual(parsed.people.map((s) => text.slice(s.start, s.end)), people);
      assert.deepEqual(parsed.places.map((s) => text.slice(s.start, s.end)), places);
    });
  }
});

describe("openerKey: a sentence's first word as COMMON_OPENERS holds it", () => {
  // As the patterns it replaces for ASCII read it.
  const byPatterns = (w: string): string => w.replace(/^["'(\[]+/u, "").replace(/[^\p{L}'’-].*$/u, "").toLowerCase();
  const words = ["Please", "\"Please,", "('[The", "Let's", "It’s", "I'm", "Well-known:", "Hi!", "THE", "x@y", "(", "\"\"", "Ünder", "Thé", "Café,", "Ok’ay", "A1b", "[I]", "Über-x"];
  for (const w of words) {
    it(JSON.stringify(w), () => {
      let p = 0;
      while (p < w.length && "\"'([".includes(w[p]!)) p++;
      assert.equal(openerKey(w, 0, p, w.length), byPatterns(w));
    });
  }
});
