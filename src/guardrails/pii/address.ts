import type { PiiMatch, Recogniser } from "./recogniser.js";
import { parse } from "./nlp-doc.js";
import { patternRecogniser } from "./pattern.js";

const UK_POSTCODE = "(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]? ?\\d[ABD-HJLNP-UW-Z]{2})";
const STREET_SUFFIX = "(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Cl|Way|Place|Pl|Court|Ct|Crescent|Cres|Terrace|Tce|Gardens|Gdns|Grove|Gr|Square|Sq|Boulevard|Blvd|Hill|Park|Row|Mews|Walk|Parade|Green|Rise|View|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Trail|Broadway)";
const CAP_WORD = "[A-Z][a-z'-]{1,20}";

/**
 * A street line (house number, named street with its suffix), optionally followed by up to three
 * capitalised place words and a UK postcode or a US state and ZIP code. Each repetition is bounded
 * and separated by a comma or a space, so a failing match retries only a few splits.
 */
const STREET = `(?:(?:Flat|Apt|Apartment|Suite|Unit) ?\\d{1,4}[A-Za-z]?,? )?\\d{1,5}[A-Za-z]?,? (?:${CAP_WORD} ){1,3}${STREET_SUFFIX}\\b\\.?`;
const TAIL = `(?:,? (?!(?:and|or|but|the)\\b)${CAP_WORD}(?: ${CAP_WORD})?){0,3}(?:,? (?:${UK_POSTCODE}|[A-Z]{2} \\d{5}(?:-\\d{4})?))?`;

const patterns = patternRecogniser({
  type: "ADDRESS",
  maxLength: 160,
  patterns: [
    { pattern: new RegExp(`(?<![\\w])${STREET}${TAIL}(?![\\w])`, "g"), score: 0.85 },
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
  maxLength: 160,
  find(text: string): readonly PiiMatch[] {
    const found: PiiMatch[] = [...patterns.find(text)];
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
    if (prev && m.start <= prev.end + 2 && /^[ ,]*$/.test(text.slice(prev.end, Math.max(prev.end, m.start)))) {
      out[out.length - 1] = { type: "ADDRESS", start: prev.start, end: Math.max(prev.end, m.end), score: Math.max(prev.score, m.score) };
    } else {
      out.push(m);
    }
  }
  return [...out, ...weak];
}
