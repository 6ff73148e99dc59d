import { patternRecogniser } from "./pattern.js";
import type { Recogniser } from "./recogniser.js";
import { digitsOf } from "./validators.js";

const PHONE_CONTEXT = ["phone", "telephone", "tel", "mobile", "cell", "call", "ring", "text", "contact", "fax", "whatsapp", "landline", "mob"];

/** A number is plausible as a phone number when its digit count fits E.164 (at most 15). */
const digitCount = (min: number, max: number) => (s: string) => {
  const n = digitsOf(s).length;
  return n >= min && n <= max;
};

export const phoneRecogniser: Recogniser = patternRecogniser({
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
      pattern: /(?<![\w+])\(?0\d{2,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}(?![\d-])/g,
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
