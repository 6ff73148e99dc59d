import { MIN_SCORE, patternRecogniser } from "./pattern.js";
import type { PiiMatch, Recogniser } from "./recogniser.js";
import { digitsOf } from "./validators.js";

const PHONE_CONTEXT = ["phone", "telephone", "tel", "mobile", "cell", "call", "ring", "text", "contact", "fax", "whatsapp", "landline", "mob"];

/** A number is plausible as a phone number when its digit count fits E.164 (at most 15). */
const digitCount = (min: number, max: number) => (s: string) => {
  const n = digitsOf(s).length;
  return n >= min && n <= max;
};

// Dates (2024-01-15, 15.01.2024) and dotted quads (an IP address) share the grouped-digit shape.
const DATE_OR_ADDRESS = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,3}(?:\.\d{1,3}){3})$/;

const shaped = patternRecogniser({
  type: "PHONE",
  maxLength: 22,
  patterns: [
    {
      // International: +CC then groups; written that way it is almost certainly a phone number.
      pattern: /(?<![\w+])\+\d{1,3}[ .-]?(?:\(0\)[ ]?)?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){1,4}(?![\d-])/g,
      score: 0.75,
      validate: digitCount(8, 15),
      context: PHONE_CONTEXT,
    },
    {
      // UK national: a leading 0 and 10 or 11 digits in 3-4-4, 4-3-4, 5-6 or 5-3-3 groupings.
      // Not before more digits; a label may follow after a hyphen ("07700 063 966-Fax"), but not
      // a code ("0172-873-517-LI", an Ontario health number).
      pattern: /(?<![\w+])\(?0\d{2,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}(?!\d|-(?![A-Za-z]{3}))/g,
      score: 0.6,
      validate: (s) => {
        const d = digitsOf(s);
        return (d.length === 10 || d.length === 11) && /^0[1-9]/.test(d) && /[ ()-]/.test(s) ? true : d.length === 11 && /^07/.test(d) ? 0.6 : 0.3;
      },
      context: PHONE_CONTEXT,
    },
    {
      // North American: (NXX) NXX-XXXX with optional 1. A bare ten digits is as likely an id, and
      // 3-3-4 with spaces is how NHS numbers are written, so both need a phone word nearby.
      pattern: /(?<![\w+])(?:1[ .-]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})[ .-]?[2-9]\d{2}[ .-]?\d{4}(?![\d-])/g,
      score: 0.55,
      validate: (s) => (/[().-]/.test(s) ? true : 0.3),
      context: PHONE_CONTEXT,
    },
  ],
});

const GROUPED_CONTEXT = [...PHONE_CONTEXT, "office", "desk", "answering", "messages to", "reach me", "dial"];
const grouped = patternRecogniser({
  type: "PHONE",
  maxLength: 22,
  patterns: [
    {
      // Any national numbering written in groups ("0490 75 40 81", "(99) 645-791", "03.93.92.16.85",
      // "467 3395"): as likely a reference or an amount, so only beside a phone word ("number"
      // alone is no phone word: "NHS number 943 476 5919").
      // A label may follow after a hyphen ("788-063-Office").
      pattern: /(?<![\w+.,/:-])\(?\d{2,5}\)?(?:[ .-]\d{2,6}){1,4}(?!\w|-(?![A-Za-z]{3})|[.,/:]\d)/g,
      score: 0.2,
      boost: 0.5,
      window: 25,
      validate: (s) => digitCount(7, 12)(s) && !DATE_OR_ADDRESS.test(s),
      context: GROUPED_CONTEXT,
    },
  ],
});

export const phoneRecogniser: Recogniser = {
  type: "PHONE",
  maxLength: 22,
  find(text: string): readonly PiiMatch[] {
    const found = shaped.find(text);
    let more: PiiMatch[] | undefined;
    // Run over the whole text: its digit groups are rarer than the words that would gate it, and
    // a candidate's digit count is checked before its context is read.
    for (const g of grouped.find(text)) {
      // A weak shaped candidate inside it (a partial UK number) does not hide it.
      if (g.score >= MIN_SCORE && !found.some((f) => f.score >= MIN_SCORE && f.start < g.end && g.start < f.end)) (more ??= []).push(g);
    }
    return more === undefined ? found : [...found, ...more];
  },
};
