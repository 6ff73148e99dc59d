import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { findNameCues, firmLists, LONGEST_NAME } from "./name-cues.js";
import { nameRecogniser } from "./names.js";
import { COMMON_OPENERS, nameLexicon } from "./nlp-doc.js";

const found = (text: string): string[] => {
  const lx = { lexicon: nameLexicon(), commonOpeners: COMMON_OPENERS };
  return [...new Set(findNameCues(text, lx).sort((a, b) => a.start - b.start).map((m) => text.slice(m.start, m.end)))];
};

// Each cue with texts it must find a name in and texts it must not (no name, or a word the
// lexicon knows as something else). Names are made up or common; none is copied from an eval set.
const cases: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ["middle initial", "Halka T. Worowska is the network administrator.", ["Halka T. Worowska"]],
  ["middle initial without a dot", "Radek B Wendt lives on the hill.", ["Radek B Wendt"]],
  ["middle initial: not a plan", "Plan B Now is the policy.", []],
  ["known first name, then a surname, after a quote mark", ">Matthew Ostrander\n>Acme Widgets", ["Matthew Ostrander"]],
  ["known first name, then a street", "the shows on Marina Fort Street were loud", []],
  ["known first name, then a station", "Meet me at Victoria Station tomorrow.", []],
  ["lower-case text: known first name and an unknown word", "follow up with patricia wendlund in a couple of months.", ["patricia wendlund"]],
  ["lower-case text: a modal is no first name", "follow up with will smith tomorrow.", []],
  ["lower-case text: not when capitals are near", "Then eva kleist said no.", []],
  [
    "lower-case stretch in mixed text, names in both",
    `Halka T. Worowska is the network administrator.\n${"the quick fox jumps over the lazy dog again and again ".repeat(6)}follow up with patricia wendlund in a couple of months.`,
    ["Halka T. Worowska", "patricia wendlund"],
  ],
  ["lower-case text: common word endings are no surname", "ask ross version two", []],
  ["role before a name", "Producer Ilsabet Marrow explained it to the press.", ["Ilsabet Marrow"]],
  ["role before a name, lower case", "my colleague Ubbo Kettle called", ["Ubbo Kettle"]],
  ["role before a known word", "the manager Reports were late", []],
  ["relation before a name", "I would like to remove my kid Tadeo from the will.", ["Tadeo"]],
  ["role in apposition", "Hilde Gorwin, the technical writer, said it was withdrawn.", ["Hilde Gorwin"]],
  ["apposition without a role", "Hilde Gorwin, the second draft, was withdrawn.", []],
  ["possessive and a relation", "It was a done thing between him and Wenzeline's kid.", ["Wenzeline"]],
  ["possessive and staff is a firm", "Apple's engineers shipped it.", []],
  ["possessive of an organisation", "Google's founder spoke.", []],
  ["sentence opened by a name and a person's verb", "Tomiko is from Osaka.", ["Tomiko"]],
  ["same, another verb", "Alvaro spent a year at the lab.", ["Alvaro"]],
  ["a city is no person", "Paris is from another era.", []],
  ["a name, a copula and a role", "Marlo is a teacher at the school.", ["Marlo"]],
  ["two names, were, and a plural role", "Is this the best song? Marrow and Bowes were precision engineers.", ["Marrow", "Bowes"]],
  ["a copula without a role", "Kettering is a small town.", []],
  ["a name, a copula and an age", "Callan is 59 years old and moved last year.", ["Callan"]],
  ["a city's age is no person's", "London is 900 years old.", []],
  ["an opener is no person", "The report is from May.", []],
  ["a name called at a line's start", "Warrick, can I please speak to your boss?", ["Warrick"]],
  ["an adverb called", "However, can I ask?", []],
  ["a city called", "London, can you hear me?", []],
  ["a line of its own", "Dreux Jolivet\nPaxata\nPSC 3294, Box 9168", ["Dreux Jolivet"]],
  ["a firm's line", "Rand Corporation\n\n213 Pilekrogen 53", []],
  ["a name line repeated below a firm's", "Hello all\n>Gyala Antalfi\n>Acme Analytics\n>Gyala Antalfi\n>3369 Clarke Avenue", ["Gyala Antalfi"]],
  ["repeated, but not alone on its line", "Hello all\n>Gyala Antalfi team\n>Gyala Antalfi team", []],
  ["a sign-off line", "Kind Regards\nThe Team", []],
  ["a one-line text is no line of its own", "Dreux Jolivet", []],
  ["four capitalised words on a line", "Compendia Bioscience Life Technologies\n\n77009 P.O. Box 255", []],
  ["speaker labels", "Ubbo: What a day.\nNikola: Remember me?", ["Ubbo", "Nikola"]],
  ["contact labels before numbers", "Mobile: 723 813 266\nDesk: +1-903-140-4508\nFax: 259.735.7502", []],
  ["one label alone", "Ubbo: hello there", []],
  ["speaker labels glued to their speech", "Vasyl: \"Who are you?\"\nHedda:\"I'm the daughter\".", ["Vasyl", "Hedda"]],
  ["a signature line after non-letters", "??? Hafdis Smarason\n??? Widgets Inc.\n??? 4923 Parmova 109", ["Hafdis Smarason"]],
  ["labels the lexicon knows", "Note: the office is closed.\nWarning: wet floor.", []],
  ["my name is", "My name is Aantje Morrow but everyone calls me Aantje", ["Aantje Morrow", "Aantje"]],
  ["greeting", "Hi Christel, I'm writing about a problem.", ["Christel"]],
  ["question for a name", "What's your last name? Boylan", ["Boylan"]],
  ["reporting verb", "\"I'm glad,\" says Gersten.", ["Gersten"]],
  ["my name is, lower case", "my name is vitorina", ["vitorina"]],
  ["name field with wide spacing", "Name:    Nayra Montrose\nAddress: somewhere", ["Nayra Montrose"]],
  ["naming verb", "She named him Timmo", ["Timmo"]],
  ["greeting a team", "Hi Team, the build is green.", []],
  ["my name is, then a negation", "my name is not important", []],
  ["reporting verb, then a weekday", "He said Monday was fine.", []],
  ["contact verb, then a known word", "contact Support at the desk", []],
  ["'contact' is no cue: a department follows it as often as a person", "Contact Sales at sales@example.com", []],
  ["list of mostly first names", "They had 4: Gaetan, Hannah, Anthony and Derek.", ["Gaetan", "Hannah", "Anthony", "Derek"]],
  ["list of surnames (a firm)", "She is from Hawkins, Richardson and Santana", []],
  ["an e-mail address", "Write to SzaszJanka@example.com today.", []],
];

describe("Name cues", () => {
  for (const [what, text, expected] of cases) {
    it(`${what}: ${JSON.stringify(text)}`, () => assert.deepEqual(found(text), expected));
  }
  it("reports no span longer than LONGEST_NAME, within the recogniser's maxLength", () => {
    assert.ok(LONGEST_NAME <= nameRecogniser.maxLength);
    const long = `${"Abcdefghijklmnopqrstuvwxyzab ".repeat(3)}B. Cdefghijklmnopqrstuvwxyzab`;
    for (const m of findNameCues(`My name is ${long}.`, { lexicon: nameLexicon(), commonOpeners: COMMON_OPENERS })) assert.ok(m.end - m.start <= LONGEST_NAME);
  });
  it("answers for each list of common openers apart, text after text", () => {
    const text = "Producer Ilsabet Marrow explained it.";
    const names = (openers: ReadonlySet<string>): string[] =>
      findNameCues(text, { lexicon: nameLexicon(), commonOpeners: openers }).map((m) => text.slice(m.start, m.end));
    assert.deepEqual(names(COMMON_OPENERS), ["Ilsabet Marrow"]);
    assert.deepEqual(names(new Set([...COMMON_OPENERS, "ilsabet"])), []);
    assert.deepEqual(names(COMMON_OPENERS), ["Ilsabet Marrow"]);
  });
  it("finds lists of surnames joined by 'and' or '&', and none without both literals", () => {
    const lx = { lexicon: nameLexicon(), commonOpeners: COMMON_OPENERS };
    const lists = (text: string): string[] => firmLists(text, lx).map((f) => text.slice(f.start, f.end));
    assert.deepEqual(lists("from Hawkins, Richardson and Santana"), ["Hawkins, Richardson and Santana"]);
    assert.deepEqual(lists("from Hawkins, Richardson, & Santana"), ["Hawkins, Richardson, & Santana"]);
    assert.deepEqual(lists("from Hawkins, Richardson or Santana"), []);
    assert.deepEqual(lists("from Hawkins Richardson and Santana"), []);
  });
  it("the NAME recogniser keeps what the cues find", () => {
    const text = "Ubbo: What a day.\nNikola: Remember me?";
    const kept = nameRecogniser.find(text).filter((m) => m.score >= 0.5).map((m) => text.slice(m.start, m.end));
    assert.ok(kept.includes("Ubbo") && kept.includes("Nikola"), JSON.stringify(kept));
  });
});
