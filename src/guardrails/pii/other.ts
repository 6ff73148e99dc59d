import { patternRecogniser } from "./pattern.js";
import type { Recogniser } from "./recogniser.js";
import { isRegionCode, vinCheckDigit } from "./validators.js";

const validAge = (s: string) => Number(s) <= 130;

export const ageRecogniser: Recogniser = patternRecogniser({
  type: "AGE",
  maxLength: 3 + 20,
  patterns: [
    // The span is the number: "{AGE} years old" still reads, and the years are not personal.
    { pattern: /\b(?:aged|age|age of|ages)\s{1,3}(?:is\s{1,3}|:\s{0,3})?(\d{1,3})\b/gi, score: 0.85, group: 1, validate: validAge },
    { pattern: /\bage\s{0,3}[:=]\s{0,3}(\d{1,3})\b/gi, score: 0.85, group: 1, validate: validAge },
    { pattern: /\b(\d{1,3})(?:\s{0,2}|-)(?:years?|yrs?)(?:\s{1,2}|-)old\b/gi, score: 0.85, group: 1, validate: validAge },
    { pattern: /\b(\d{1,3})\s{0,2}(?:y\/o|yo|yrs? of age|years of age)\b/gi, score: 0.8, group: 1, validate: validAge },
    { pattern: /\b(\d{1,3})-year-old\b/gi, score: 0.85, group: 1, validate: validAge },
    // A birthday: "just turned 60", "I'll turn 23", not "turned 90 degrees" nor "turn 3 pages".
    { pattern: /\bturn(?:ed|s|ing)?\s{1,3}(\d{1,3})(?!\s{0,2}(?:%|°|percent|per\b|degrees?|times|pages?|points?|pts|x\b|to\b|into\b|over\b|and\b|or\b|of\b|in\b|on\b|at\b|[a-z]{1,3}\b(?<!yo))|[.,:]\d|\d)/gi, score: 0.75, group: 1, validate: validAge },
    // "when he was 78", "since she was 12": a person's age at the time.
    { pattern: /\b(?:when|since|until|till|by the time|before|after)\s{1,3}(?:I|he|she|they|we|you)\s{1,3}(?:was|were|am|is|are|turned|reached|hit)\s{1,3}(\d{1,3})(?![.,:]?\d)(?!\s{0,2}(?:%|percent|degrees?|minutes|hours|days|weeks|months|[ap]\.?m\b|o'clock|:))/gi, score: 0.75, group: 1, validate: validAge },
  ],
});

/**
 * UK plates since 2001: area (2 letters), age identifier (March: the year; September: year + 50),
 * three random letters; I, Q and Z are never issued in the area or random letters.
 */
function ukPlate(s: string): boolean {
  const c = s.replace(/\s/g, "");
  if (/[IQZ]/.test(c.slice(0, 2)) || /[IQ]/.test(c.slice(4))) return false;
  const age = Number(c.slice(2, 4));
  return (age >= 2 && age <= 49) || (age >= 51 && age <= 99);
}

const PLATE_CONTEXT = ["plate", "number plate", "licence plate", "license plate", "registration", "reg", "vrm", "car", "vehicle", "van", "tag"];

export const licensePlateRecogniser: Recogniser = patternRecogniser({
  type: "LICENSE_PLATE",
  maxLength: 10,
  patterns: [
    { pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2} ?[A-Z]{3}(?![A-Za-z0-9])/g, score: 0.5, validate: ukPlate, context: PLATE_CONTEXT },
    // Prefix-era UK (A123 BCD) and most US states: only with a plate word beside it.
    {
      pattern: /(?<![A-Za-z0-9-])[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,4}(?![A-Za-z0-9-])/g,
      score: 0.15,
      // The current UK shape is the first pattern's to accept or reject.
      validate: (s) => /\d/.test(s) && /[A-Z]/.test(s) && !/^[A-Z]{2}\d{2} ?[A-Z]{3}$/.test(s),
      boost: 0.45,
      window: 25,
      context: PLATE_CONTEXT,
    },
  ],
});

export const vinRecogniser: Recogniser = patternRecogniser({
  type: "VEHICLE_IDENTIFICATION_NUMBER",
  maxLength: 17,
  patterns: [{
    // European VINs need not carry the check digit, so a failed check only weakens the match.
    pattern: /(?<![A-Za-z0-9])(?=[A-HJ-NPR-Z0-9]{0,16}\d)(?=[A-HJ-NPR-Z0-9]{0,16}[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}(?![A-Za-z0-9])/g,
    score: 0.85,
    validate: (s) => (vinCheckDigit(s) ? true : 0.3),
    context: ["vin", "vehicle identification", "chassis", "chassis number", "vehicle", "frame number"],
  }],
});

export const swiftRecogniser: Recogniser = patternRecogniser({
  type: "SWIFT_CODE",
  maxLength: 11,
  patterns: [{
    // Bank (4 letters), ISO country, location (2), optional branch (3). Eight capitals could be any
    // shouted word, so a bare one scores low unless its location holds a digit.
    pattern: /(?<![A-Za-z0-9])[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Za-z0-9])/g,
    score: 0.3,
    validate: (s) => (!isRegionCode(s.slice(4, 6)) ? false : /\d/.test(s.slice(6)) ? 0.5 : 0.3),
    context: ["swift", "bic", "swift code", "bic code", "bank identifier", "swift/bic", "sort code"],
  }],
});
