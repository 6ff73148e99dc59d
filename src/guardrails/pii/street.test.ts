import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { findStreets, isListed, mayBeListed } from "./street.js";
import { addressRecogniser } from "./address.js";

/** The street lines a finder would keep (score ≥ 0.5), overlapping candidates joined as the address recogniser joins them. */
const streets = (text: string) => {
  const kept = findStreets(text).filter((m) => m.score >= 0.5).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: { start: number; end: number }[] = [];
  for (const m of kept) {
    const prev = out[out.length - 1];
    if (prev && m.start < prev.end) prev.end = Math.max(prev.end, m.end);
    else out.push({ start: m.start, end: m.end });
  }
  return out.map((m) => text.slice(m.start, m.end));
};

const valid: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["Send it to 12 Baker Street please", ["12 Baker Street"]],
  ["The restaurant is at 2450 Crown St", ["2450 Crown St"]],
  ["we met at 1668 Glyn St. near the park", ["1668 Glyn St."]],
  ["ship to 370 3911 Fourth Avenue Suite 697, Mora de Rubielos, Spain 16200", ["370 3911 Fourth Avenue Suite 697, Mora de Rubielos, Spain 16200"]],
  ["14 Crown Street Kishiev Squares\n Suite 321\n LONDON\n United Kingdom 75419? I am in", ["14 Crown Street Kishiev Squares\n Suite 321\n LONDON\n United Kingdom 75419"]],
  ["Address: Brucker Bundesstrasse 31\n Suite 245\n Austria 25173.", ["Brucker Bundesstrasse 31\n Suite 245\n Austria 25173"]],
  ["4844 Søndergade 52\n Apt. 656\n Brønderslev", ["4844 Søndergade 52\n Apt. 656\n Brønderslev"]],
  ["The bus station is on Villacher Strasse 89", ["Villacher Strasse 89"]],
  ["Timotea lives on Via dei Fiorentini 17 street.", ["Via dei Fiorentini 17"]],
  ["Caitlin lives at 846 31 Rue Al Imam", ["846 31 Rue Al Imam"]],
  ["my new address is PSC 6293, Box 8158\nAPO AP 04336", ["PSC 6293, Box 8158\nAPO AP 04336"]],
  ["Please return to Unit 4719 Box 7394\nDPO AP 70942 in case of an issue.", ["Unit 4719 Box 7394\nDPO AP 70942"]],
  ["Our offices are located at USNS Møller\nFPO AA 85844", ["USNS Møller\nFPO AA 85844"]],
  ["Write to PO Box 123, Leeds LS1 4AB", ["PO Box 123, Leeds LS1 4AB"]],
  ["Kevin had given Alma his address: 5049 Harjukuja 54, SEINÄJOKI", ["5049 Harjukuja 54, SEINÄJOKI"]],
  // A name between two numbers needs an address word or an address line after it.
  ["eva lives at 255 hersnapvej 18", ["255 hersnapvej 18"]],
  ["28030 Edeby 55\n Apt. 297\n TYSTBERGA", ["28030 Edeby 55\n Apt. 297\n TYSTBERGA"]],
  // A number after the ZIP line is the next line's (a phone), not a second postcode.
  ["PSC 3294, Box 9168\nAPO AA 61487\n416 60 039 office", ["PSC 3294, Box 9168\nAPO AA 61487"]],
  ["Deliver to 12 Kingsway, London before noon.", ["12 Kingsway, London"]],
  ["Flat 3, 12 Baker St", ["Flat 3", "12 Baker St"]],
];

const invalid: readonly string[] = [
  "Windows 10 Build 19045 is installed",
  "I have 3 apples and 4 pears at home",
  "The meeting is on 12 March 2024 at the office",
  "Python 3 Release 12 notes",
  "Read chapter 3 verse 5 again",
  "He scored 3 Goals in 2 matches",
  "the 3 Musketeers, Paris edition",
  "my tie 5 is red",
  "we wait at gate 3 for the flight",
  "Order 12 Widgets 5 ready",
  "NI AB 12 34 56 C, ticket TCK-123456",
  "The committee 2024 report",
  "Move 2 Steps forward, then 3 back",
];

describe("Street addresses", () => {
  for (const [text, expected] of valid) it(`finds ${JSON.stringify(text)}`, () => assert.deepEqual(streets(text), expected));
  for (const text of invalid) it(`finds nothing in ${JSON.stringify(text)}`, () => assert.deepEqual(streets(text), []));
  it("finds a ZIP or postcode its label names, and not a number without one", () => {
    const kept = (text: string) => addressRecogniser.find(text).filter((m) => m.score >= 0.5).map((m) => text.slice(m.start, m.end));
    assert.deepEqual(kept("ZIP: 3520"), ["3520"]);
    assert.deepEqual(kept("my zip code is 35350"), ["35350"]);
    assert.deepEqual(kept("postal code 394 13"), ["394 13"]);
    assert.deepEqual(kept("we sold 35350 units"), []);
  });
  it("joins a unit line and its street into one address", () => {
    const text = "Flat 3, 12 Baker St";
    const kept = addressRecogniser.find(text).filter((m) => m.score >= 0.5).map((m) => text.slice(m.start, m.end));
    assert.deepEqual(kept, ["Flat 3, 12 Baker St"]);
  });
});

describe("mayBeListed (the street-word lookup skipped by a word's first two characters)", () => {
  // Every listed word in several cases, with and without a full stop; near misses; and words
  // whose characters beyond ASCII fold to ASCII ("K", the Kelvin sign; "ſ"; "İ").
  const listed = ["street", "st", "road", "rd", "avenue", "terrace", "tce", "squares", "rue", "via", "av", "bd", "ul", "praça", "allée", "οδός", "λ", "λεωφόρος"];
  const words = [
    ...listed.flatMap((w) => [w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1), `${w}.`, `${w.toUpperCase()}.`]),
    "ticket", "the", "about", "TCK-123456)", "C", "C.", "X", "a", "ab", "tc", "tck", "stx", "s", ".", "..", "12", "A.B",
    "\u212Aey", "\u212Ay", "\u017Ft", "\u017Ftreet", "\u0130", "\u0130st", "Οδός", "ΟΔΌΣ", "Λ", "Λ.", "ÀV", "éa",
  ].map((w) => JSON.parse(`"${w}"`) as string);
  for (const word of words) {
    it(JSON.stringify(word), () => {
      const text = `12 ${word} x`;
      if (isListed(text, 3, 3 + word.length)) assert.equal(mayBeListed(text, 3, 3 + word.length), true);
    });
  }
  it("a listed word is never denied", () => {
    for (const w of listed) assert.equal(isListed(` ${w} `, 1, 1 + w.length), true, w);
  });
});
