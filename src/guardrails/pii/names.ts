import type { PiiMatch, Recogniser } from "./recogniser.js";
import { findNameCues, firmLists } from "./name-cues.js";
import { COMMON_OPENERS, nameLexicon, parse } from "./nlp-doc.js";
import { patternRecogniser } from "./pattern.js";

// "Khan", "O'Neill", "MacDonald", "Oyelaran-Smith", "Szöllössy": a capital, then lower case, with
// the joins names use, in any script with case (an ASCII-only class cut "Szöllössy" to "Sz").
const NAME_WORD = "\\p{Lu}(?:\\p{Ll}{1,20}|['’]\\p{Lu}\\p{Ll}{1,20})(?:\\p{Lu}\\p{Ll}{1,20})?(?:-\\p{Lu}\\p{Ll}{1,20})?";

/**
 * Cues people write before a name; what follows them is a name even when compromise does not
 * know it (an unusual surname, lower-case context).
 */
const cues = patternRecogniser({
  type: "NAME",
  maxLength: 80,
  patterns: [
    {
      pattern: new RegExp(`\\b(?:[Mm]y name is|[Mm]y name's|[Nn]ame:|[Nn]ame is|I am|I'm|[Cc]all me|[Tt]his is|[Ss]igned|[Rr]egards,|[Tt]hanks,|[Ss]incerely,|[Pp]atient:|[Cc]ustomer:|[Dd]ear)\\s{1,3}(${NAME_WORD}(?: ${NAME_WORD}){0,3})`, "gu"),
      score: 0.7,
      group: 1,
    },
    {
      pattern: new RegExp(`\\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Sir|Dame|Lady|Lord|Rev)\\.?\\s{1,3}(${NAME_WORD}(?: ${NAME_WORD}){0,2})`, "gu"),
      score: 0.85,
      group: 1,
    },
  ],
});

/** Words the cues can pick up that are not names ("I am Happy", "This is Important", the title in "this is Dr. Kuefer"). */
const NOT_NAMES = /^(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Sir|Dame|Lady|Lord|Rev|Aunt|Uncle|Happy|Sorry|Glad|Here|Not|Just|Still|Very|Going|Looking|Writing|Calling|The|A|An|It|That|What|Important|Urgent|Great|Fine|Good|Okay|Ok|Interested|Available|Able|Unable|Sure|New|Trying|Afraid|Concerned|Pleased)\b/;

// An address unit after a name ("Mrs. Barbara Yudina Apt. 675") is the address's, not the name's.
const UNIT_AFTER = /(?:\s+(?:Apt|Apartment|Suite|Ste|Flat|Unit|Room|Box|PO)\.?)+$/;

function trimUnit(text: string, m: PiiMatch): PiiMatch | undefined {
  const u = UNIT_AFTER.exec(text.slice(m.start, m.end));
  if (u === null) return m;
  const end = m.start + u.index;
  return end > m.start ? { ...m, end } : undefined;
}

const TITLE = /^(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Sir|Dame|Lady|Lord|Rev)\.?\s+/;

export const nameRecogniser: Recogniser = {
  type: "NAME",
  maxLength: 80,
  find(text: string): readonly PiiMatch[] {
    const out: PiiMatch[] = [];
    for (const m of cues.find(text)) {
      const t = NOT_NAMES.test(text.slice(m.start, m.end)) ? undefined : trimUnit(text, m);
      if (t !== undefined) out.push(t);
    }
    const lx = { lexicon: nameLexicon(), commonOpeners: COMMON_OPENERS };
    for (const m of findNameCues(text, lx)) {
      const t = trimUnit(text, m);
      if (t !== undefined) out.push(t);
    }
    for (const p of parse(text).people) {
      // compromise keeps the title with the person; the title alone identifies nobody.
      const title = TITLE.exec(text.slice(p.start, p.end));
      const s = { start: p.start + (title ? title[0].length : 0), end: p.end };
      if (s.end <= s.start) continue;
      // A single lower-case token is compromise guessing from grammar alone.
      const span = text.slice(s.start, s.end);
      const score = /^\p{Lu}/u.test(span) ? (span.includes(" ") ? 0.75 : 0.6) : 0.35;
      const t = trimUnit(text, { type: "NAME", start: s.start, end: s.end, score });
      if (t !== undefined) out.push(t);
    }
    // A name inside a list of three surnames is a firm's ("Hawkins, Richardson and Santana").
    const firms = firmLists(text, lx);
    return firms.length === 0 ? out : out.filter((m) => !firms.some((f) => m.start < f.end && f.start < m.end));
  },
};
