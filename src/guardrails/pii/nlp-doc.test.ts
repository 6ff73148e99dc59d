import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mayName, parse } from "./nlp-doc.js";

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
