import type { PiiMatch, Recogniser } from "./recogniser.js";
import { parse } from "./nlp-doc.js";
import { patternRecogniser } from "./pattern.js";

// "Khan", "O'Neill", "MacDonald", "Oyelaran-Smith": a capital, then lower case, with the joins names use.
const NAME_WORD = "[A-Z](?:[a-z]{1,20}|['’][A-Z][a-z]{1,20})(?:[A-Z][a-z]{1,20})?(?:-[A-Z][a-z]{1,20})?";

/**
 * Cues people write before a name; what follows them is a name even when compromise does not
 * know it (an unusual surname, lower-case context).
 */
const cues = patternRecogniser({
  type: "NAME",
  maxLength: 80,
  patterns: [
    {
      pattern: new RegExp(`\\b(?:[Mm]y name is|[Mm]y name's|[Nn]ame:|[Nn]ame is|I am|I'm|[Cc]all me|[Tt]his is|[Ss]igned|[Rr]egards,|[Tt]hanks,|[Ss]incerely,|[Pp]atient:|[Cc]ustomer:|[Dd]ear)\\s{1,3}(${NAME_WORD}(?: ${NAME_WORD}){0,3})`, "g"),
      score: 0.7,
      group: 1,
    },
    {
      pattern: new RegExp(`\\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Sir|Dame|Lady|Lord|Rev)\\.?\\s{1,3}(${NAME_WORD}(?: ${NAME_WORD}){0,2})`, "g"),
      score: 0.85,
      group: 1,
    },
  ],
});

/** Words the cues can pick up that are not names ("I am Happy", "This is Important"). */
const NOT_NAMES = /^(?:Happy|Sorry|Glad|Here|Not|Just|Still|Very|Going|Looking|Writing|Calling|The|A|An|It|That|What|Important|Urgent|Great|Fine|Good|Okay|Ok|Interested|Available|Able|Unable|Sure|New|Trying|Afraid|Concerned|Pleased)\b/;

const TITLE = /^(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Sir|Dame|Lady|Lord|Rev)\.?\s+/;

export const nameRecogniser: Recogniser = {
  type: "NAME",
  maxLength: 80,
  find(text: string): readonly PiiMatch[] {
    const out: PiiMatch[] = [];
    for (const m of cues.find(text)) {
      if (!NOT_NAMES.test(text.slice(m.start, m.end))) out.push(m);
    }
    for (const p of parse(text).people) {
      // compromise keeps the title with the person; the title alone identifies nobody.
      const title = TITLE.exec(text.slice(p.start, p.end));
      const s = { start: p.start + (title ? title[0].length : 0), end: p.end };
      if (s.end <= s.start) continue;
      // A single lower-case token is compromise guessing from grammar alone.
      const span = text.slice(s.start, s.end);
      const score = /^\p{Lu}/u.test(span) ? (span.includes(" ") ? 0.75 : 0.6) : 0.35;
      out.push({ type: "NAME", start: s.start, end: s.end, score });
    }
    return out;
  },
};
