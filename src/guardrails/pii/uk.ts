import { patternRecogniser } from "./pattern.js";
import type { Recogniser } from "./recogniser.js";
import { nhsNumber, ukNino } from "./validators.js";

/**
 * NHS number: 10 digits, usually written 3-3-4. One random 10-digit string in eleven passes the
 * check, so a valid number written 3-3-4 is only just reported, and an unbroken run of ten digits
 * (as likely an order number) needs "NHS" or "patient" nearby.
 */
export const nhsRecogniser: Recogniser = patternRecogniser({
  type: "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
  maxLength: 12,
  patterns: [{
    pattern: /(?<![\d-])\d{3}([ -]?)\d{3}\1\d{4}(?![\d-])/g,
    score: 0.6,
    validate: (s) => (!nhsNumber(s) ? false : s.length === 10 ? 0.45 : true),
    context: ["nhs", "nhs number", "nhs no", "health service", "patient", "chi", "hospital", "gp"],
  }],
});

/**
 * National Insurance number: the prefix and suffix rules reject most letter-digit codes of the
 * same shape. Written with spaces (HMRC's "QQ 12 34 56 C"), none, or a hyphen at every break
 * ("QQ-12-34-56-C", as forms and exports write it; Presidio's pattern takes spaces only).
 */
export const ninoRecogniser: Recogniser = patternRecogniser({
  type: "UK_NATIONAL_INSURANCE_NUMBER",
  maxLength: 13,
  patterns: [{
    pattern: /(?<![A-Za-z0-9])[A-Za-z]{2}(?: ?\d{2} ?\d{2} ?\d{2} ?|-\d{2}-\d{2}-\d{2}-)[A-Da-d](?![A-Za-z0-9])/g,
    score: 0.85,
    validate: ukNino,
    context: ["national insurance", "ni number", "ni no", "nino", "nin", "insurance number"],
  }],
});

/**
 * Unique Taxpayer Reference: just ten digits (sometimes with a trailing K), so it is reported
 * only with a tax word nearby.
 */
export const utrRecogniser: Recogniser = patternRecogniser({
  type: "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER",
  maxLength: 12,
  patterns: [{
    pattern: /(?<![\d-])\d{5} ?\d{5}K?(?![\d-])/g,
    score: 0.3,
    boost: 0.55,
    context: ["utr", "unique taxpayer", "taxpayer reference", "tax reference", "self assessment", "self-assessment", "hmrc", "tax ref"],
  }],
});
