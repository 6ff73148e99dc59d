import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { addressRecogniser } from "./address.js";
import { nameRecogniser } from "./names.js";
import type { Recogniser } from "./recogniser.js";

/** What a finder would keep: the matched texts scoring at least 0.5, in order, duplicates once. */
const found = (r: Recogniser, text: string) => [...new Set(
  r.find(text).filter((m) => m.score >= 0.5).sort((a, b) => a.start - b.start).map((m) => text.slice(m.start, m.end)),
)];

const cases: ReadonlyArray<readonly [Recogniser, string, readonly string[]]> = [
  [nameRecogniser, "My name is Maria Gonzalez.", ["Maria Gonzalez"]],
  [nameRecogniser, "Please ask Dr Sarah Khan", ["Sarah Khan"]],
  [nameRecogniser, "Wei Chen called Siobhan O'Neill yesterday.", ["Wei Chen", "Siobhan O'Neill"]],
  [nameRecogniser, "Mr. Oyelaran-Smith will see you", ["Oyelaran-Smith"]],
  [nameRecogniser, "I am Happy to help with the invoice.", []],
  // Three surnames and no first name in a list are a firm's name; after a colon, people listed.
  [nameRecogniser, "Tomomi is from Hawkins, Richardson and Santana", ["Tomomi"]],
  [nameRecogniser, "The Jones, Smith and Davis Orchestra was founded in 1988.", []],
  [nameRecogniser, "It is the brainchild of our 3 founders: Morrison, Rogers and Torres.", ["Morrison", "Rogers", "Torres"]],
  [nameRecogniser, "We had dinner with Anna, Rogers and Torres.", ["Anna", "Rogers", "Torres"]],
  // Names in any cased script: an ASCII-only class cut the surname at its first accented letter.
  [nameRecogniser, "please correct it to Dr. Berta Szöllössy?", ["Berta Szöllössy"]],
  [nameRecogniser, "The quarterly report is attached.", []],
  // An address unit after a name belongs to the address.
  [nameRecogniser, "Mrs. Barbara Yudina Apt. 675 Mellemvej 32", ["Barbara Yudina"]],
  // A cue before a title: the title is not the name, the words after it are.
  [nameRecogniser, "Hello, this is Dr. Kyle Kuefer. Who are you?", ["Kyle Kuefer"]],
  [addressRecogniser, "I live at 12 Baker Street, London NW1 6XE.", ["12 Baker Street, London NW1 6XE"]],
  [addressRecogniser, "Flat 3, 221B Baker Street, London", ["Flat 3, 221B Baker Street, London"]],
  [addressRecogniser, "send it to 100 Main Street, Springfield, IL 62704", ["100 Main Street, Springfield, IL 62704"]],
  [addressRecogniser, "postcode SW1A 1AA", ["SW1A 1AA"]],
  [addressRecogniser, "we ordered 12 boxes of paper", []],
];

describe("Name and address recognisers", () => {
  for (const [r, text, expected] of cases) {
    it(`${r.type}: ${text}`, () => assert.deepEqual(found(r, text), expected));
  }
  it("keeps offsets right when a long text is parsed in pieces", () => {
    const filler = "The clinic reopened after the holiday and the waiting list is shorter now. ".repeat(12);
    const text = `${filler}Wei Chen moved to Leeds. ${filler}Siobhan O'Neill stayed in Cardiff.`;
    assert.deepEqual(found(nameRecogniser, text), ["Wei Chen", "Siobhan O'Neill"]);
    assert.deepEqual(found(addressRecogniser, text), ["Leeds", "Cardiff"]);
  });
  it("stays near-linear on a long text without a full stop (compromise alone is quadratic there)", () => {
    const text = "12 Baker Baker Baker ".repeat(3000);
    const t0 = performance.now();
    addressRecogniser.find(text);
    const ms = performance.now() - t0;
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms for ${text.length} characters`);
  });
});
