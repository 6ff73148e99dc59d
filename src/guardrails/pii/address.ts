import type { PiiMatch, Recogniser } from "./recogniser.js";
import { parse } from "./nlp-doc.js";
import { patternRecogniser } from "./pattern.js";
import { findStreets, MAX_ADDRESS } from "./street.js";

const UK_POSTCODE = "(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]? ?\\d[ABD-HJLNP-UW-Z]{2})";
const patterns = patternRecogniser({
  type: "ADDRESS",
  maxLength: 160,
  patterns: [
    {
      // A ZIP or postcode its label names ("ZIP: 3520", "my zip code is 35350", "postal code 394 13").
      pattern: /\b(?:[Zz][Ii][Pp](?: ?[Cc]ode)?|[Pp]ost ?[Cc]ode|[Pp]ostal [Cc]ode|POSTCODE|PLZ)(?: is|:|#)? {0,3}(\d{5}(?:-\d{4})?|\d{4}(?:-\d{3})?|\d{3} \d{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d)(?![\w-])/g,
      score: 0.8,
      group: 1,
    },
    {
      // A postcode alone is an address part; it is what most often survives in UK prose.
      pattern: new RegExp(`(?<![A-Za-z0-9])${UK_POSTCODE}(?![A-Za-z0-9])`, "g"),
      score: 0.7,
      context: ["postcode", "post code", "address", "live", "lives", "living", "moved", "street", "road"],
    },
  ],
});

export const addressRecogniser: Recogniser = {
  type: "ADDRESS",
  maxLength: MAX_ADDRESS,
  find(text: string): readonly PiiMatch[] {
    const found: PiiMatch[] = [...patterns.find(text), ...findStreets(text)];
    for (const s of parse(text).places) {
      // A capitalised place on its own ("Leeds") is an address component, as Bedrock counts them.
      const span = text.slice(s.start, s.end);
      // "US", "UK", "EU" name a jurisdiction in passing ("the US form"), not where someone is.
      if (/^[A-Z]{1,3}$/.test(span)) continue;
      const score = /^\d/.test(span) ? 0.7 : /^\p{Lu}/u.test(span) ? 0.55 : 0.3;
      found.push({ type: "ADDRESS", start: s.start, end: s.end, score });
    }
    return mergeAdjacent(text, found);
  },
};

/** "12 Baker Street" + ", " + "London" + " " + "NW1 6XE" is one address, not three. */
function mergeAdjacent(text: string, found: PiiMatch[]): PiiMatch[] {
  const strong = found.filter((m) => m.score >= 0.5).sort((a, b) => a.start - b.start || b.end - a.end);
  const weak = found.filter((m) => m.score < 0.5);
  const out: PiiMatch[] = [];
  for (const m of strong) {
    const prev = out[out.length - 1];
    // Joined across a comma, spaces or a line break: an address is often written a line a part.
    if (prev && m.start <= prev.end + 6 && /^[ \t,]*(?:\r?\n[ \t,]*){0,2}$/.test(text.slice(prev.end, Math.max(prev.end, m.start)))) {
      out[out.length - 1] = { type: "ADDRESS", start: prev.start, end: Math.max(prev.end, m.end), score: Math.max(prev.score, m.score) };
    } else {
      out.push(m);
    }
  }
  return [...out, ...weak];
}
