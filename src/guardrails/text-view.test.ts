import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { seededRandom } from "./classifier/seeded-random.js";
import { viewOf } from "./text-view.js";

const tags = (ascii: string): string => [...ascii].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join("");

/** [what, text, the detectors' view of it]: the text itself when nothing folds. */
const VIEWS: ReadonlyArray<readonly [string, string, string]> = [
  ["plain ASCII", "My NI number is AB 12 34 56 C.", "My NI number is AB 12 34 56 C."],
  ["curly quotes, an emoji and Chinese fold to nothing", "It\u2019s \u201cfine\u201d \u{1F642} 你好", "It\u2019s \u201cfine\u201d \u{1F642} 你好"],
  ["a zero-width space", "AB\u200B123456C", "AB123456C"],
  ["a soft hyphen, a word joiner, a BOM, a right-to-left override", "ni\u00ADght\u2060sh\uFEFFa\u202Ede", "nightshade"],
  ["zero-width joiners between digit groups", "4111\u200D1111\u200D1111", "411111111111"],
  ["full-width letters, digits and at sign", "\uFF21\uFF22\uFF11\uFF12 bob\uFF20example.com", "AB12 bob@example.com"],
  ["no-break and ideographic spaces", "AB\u00A012\u202F34\u300056", "AB 12 34 56"],
  ["mathematical letters and a ligature", "\u{1D427}\u{1D422}\u{1D420}\u{1D421}\u{1D42D} \uFB01le", "night file"],
  ["Cyrillic look-alikes inside a Latin word", "nightsh\u0430de", "nightshade"],
  ["a word of Cyrillic look-alikes between Latin words and digits", "is \u0410\u0412 12 34 56 C", "is AB 12 34 56 C"],
  ["Greek look-alikes among digits", "\u0391\u0392123456C", "AB123456C"],
  ["accented Latin letters stay as they are", "Jos\u00E9 M\u00FCller, Zo\u00EB and Dvo\u0159\u00E1k", "Jos\u00E9 M\u00FCller, Zo\u00EB and Dvo\u0159\u00E1k"],
  ["a combining accent that makes a letter stays (a name written in two)", "Jose\u0301 and Ja\u0301n", "Jose\u0301 and Ja\u0301n"],
  ["a combining mark with no composed letter is dropped", "A\u0336B\u0336 1\u03362\u0336", "AB 12"],
  ["keycap digits", "1\uFE0F\u20E32\uFE0F\u20E3", "12"],
  ["Unicode dashes between digit groups", "943\u2013476\u20115919", "943-476-5919"],
  ["Arabic-Indic and Devanagari digits", "AB \u0661\u0662\u0663\u0664\u0665\u0666 C \u0967\u0968", "AB 123456 C 12"],
  ["tag characters spell ASCII", `hi ${tags("bob@example.com")}`, "hi bob@example.com"],
  // Real text in other scripts stays as it is: its look-alikes are among its own letters.
  ["Russian", "Он сказал, что Сара и Вова придут в 10 часов. Сор во дворе убрали.", "Он сказал, что Сара и Вова придут в 10 часов. Сор во дворе убрали."],
  ["Greek", "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας, ο Κώστας ΑΒ μένει εκεί.", "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας, ο Κώστας ΑΒ μένει εκεί."],
  ["Russian with a Latin word", "Позвоните в Microsoft по вопросу о счёте", "Позвоните в Microsoft по вопросу о счёте"],
  ["Persian with zero-width non-joiners inside its words", "می\u200Cخواهم", "می\u200Cخواهم"],
  ["Thai with zero-width spaces between its words", "สวัสดี\u200Bครับ", "สวัสดี\u200Bครับ"],
  ["a spacing accent is not a space and a mark", "caf\u00B4e", "caf\u00B4e"],
];

/** [what, text, the word policies' unaccented view of it]. */
const UNACCENTED_VIEWS: ReadonlyArray<readonly [string, string, string]> = [
  ["accented Latin letters", "Jos\u00E9 M\u00FCller, Zo\u00EB and Dvo\u0159\u00E1k", "Jose Muller, Zoe and Dvorak"],
  ["a combining accent after a Latin letter", "nightsha\u0301de", "nightshade"],
  ["a Cyrillic look-alike with an accent in a Latin word", "nightsh\u0430\u0301de", "nightshade"],
  ["Greek and Cyrillic accents stay", "Αθήνα, ёлка", "Αθήνα, ёлка"],
  ["plain ASCII", "nightshade", "nightshade"],
];

describe("the detectors' view of a text", () => {
  for (const [what, text, view] of UNACCENTED_VIEWS) {
    it(`unaccented: ${what}`, () => assert.equal(viewOf(text).unaccented().text, view));
  }

  for (const [what, text, view] of VIEWS) {
    it(what, () => {
      const v = viewOf(text);
      assert.equal(v.text, view);
      assert.equal(v.identity, text === view, "a text with nothing to fold is its own view");
      const whole = v.span(0, v.text.length);
      assert.ok(whole.start >= 0 && whole.end <= text.length);
    });
  }

  it("puts a span back on the original, the invisible characters inside it included", () => {
    const text = "My NI is AB\u200B12\u200B34\u200B56\u200BC.";
    const v = viewOf(text);
    const at = v.text.indexOf("AB12345");
    const span = v.span(at, at + "AB123456C".length);
    assert.equal(text.slice(span.start, span.end), "AB\u200B12\u200B34\u200B56\u200BC");
  });

  it("a mark dropped after the span's last letter belongs to that letter", () => {
    const text = "write to bob@example.com\u0336 now";
    const v = viewOf(text);
    const at = v.text.indexOf("bob");
    const span = v.span(at, at + "bob@example.com".length);
    assert.equal(text.slice(span.start, span.end), "bob@example.com\u0336");
  });

  it("a character that folds to several reads as one: a span of any of them is the whole character", () => {
    const text = "a \uFB01le";
    const v = viewOf(text);
    assert.equal(v.text, "a file");
    assert.deepEqual(v.span(2, 3), { start: 2, end: 3 });
    assert.deepEqual(v.span(3, 6), { start: 2, end: 5 });
  });

  it("an invisible character or a dropped mark between letters or digits is read both ways", () => {
    for (const [text, joined, separated] of [
      ["x\u200BAB123456C", "xAB123456C", "x\u200BAB123456C"],
      ["x\u200B\uFF21\uFF22123456C\u00B2", "xAB123456C\u00B2", "x\u200BAB123456C\u00B2"],
      ["AB123456C\u0336x", "AB123456Cx", "AB123456C\u0336x"],
      ["AB123456C\u0336\u0336\u200Bx", "AB123456Cx", "AB123456C\u200Bx"],
    ]) {
      const v = viewOf(text!);
      assert.equal(v.text, joined, JSON.stringify(text));
      assert.equal(v.separated?.text, separated, JSON.stringify(text));
    }
    assert.equal(viewOf("night\u200Bshade").unaccented().separated?.text, "night\u200Bshade");
    // Next to punctuation or a space there is one reading; between letters of other scripts nothing is dropped.
    for (const text of ["AB:\u200B123456C", "AB \u200B12", "\uFF21\uFF22\uFF11\uFF12", "is \u0410\u0412 12", "\u0E01\u200B\u0E02"]) {
      assert.equal(viewOf(text).separated, undefined, JSON.stringify(text));
    }
  });

  it("superscripts, circled numbers and modifier letters stay in the PII view, and fold in the word policies'", () => {
    assert.equal(viewOf("AB123456C\u00B9, 10 m\u00B2, \u2460, x\u1D43").text, "AB123456C\u00B9, 10 m\u00B2, \u2460, x\u1D43");
    assert.equal(viewOf("\u207F\u2071\u1D4D\u02B0\u1D57").unaccented().text, "nigh" + "t");
  });

  it("on any text: spans stay in order and inside the original", () => {
    const palette = ["a", "B", "7", " ", "\u200B", "\u00AD", "\u0301", "\u0430", "\u0410", "\u03BF", "\uFF21", "\uFF11", "\uFB01", "\u00E9", "\u{1D41A}", "\u{1F642}", "\uFE0F", "\u0661", "\u2013", "\uD800", "ж", "λ", "\u{E0041}"];
    const rand = seededRandom(5);
    for (let round = 0; round < 2000; round++) {
      let text = "";
      for (let k = Math.floor(rand() * 24); k > 0; k--) text += palette[Math.floor(rand() * palette.length)];
      for (const v of [viewOf(text), viewOf(text).separated].filter((x) => x !== undefined)) {
        let last = 0;
        for (let i = 0; i < v.text.length; i++) {
          const span = v.span(i, i + 1);
          assert.ok(span.start >= last && span.start < span.end && span.end <= text.length, `${JSON.stringify(text)} at ${i}`);
          last = span.start;
        }
      }
    }
  });
});
