import { patternRecogniser } from "./pattern.js";
import type { Recogniser } from "./recogniser.js";
import { abaRouting, usItin, usSsn } from "./validators.js";

// Dashes written the way the SSA prints them score above a bare run of nine digits, which is
// as likely an order number; either is confirmed by the words people put next to them.
const SSN_CONTEXT = ["ssn", "social security", "social security number", "ss#", "ss #", "ssid"];

export const ssnRecogniser: Recogniser = patternRecogniser({
  type: "US_SOCIAL_SECURITY_NUMBER",
  maxLength: 11,
  patterns: [
    { pattern: /(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])/g, score: 0.6, validate: usSsn, context: SSN_CONTEXT },
    { pattern: /(?<![\d-])\d{9}(?![\d-])/g, score: 0.3, validate: usSsn, context: SSN_CONTEXT },
  ],
});

const ITIN_CONTEXT = ["itin", "taxpayer identification", "tax identification", "individual taxpayer"];

export const itinRecogniser: Recogniser = patternRecogniser({
  type: "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
  maxLength: 11,
  patterns: [
    { pattern: /(?<![\d-])9\d{2}([- ])\d{2}\1\d{4}(?![\d-])/g, score: 0.6, validate: usItin, context: ITIN_CONTEXT },
    { pattern: /(?<![\d-])9\d{8}(?![\d-])/g, score: 0.3, validate: usItin, context: ITIN_CONTEXT },
  ],
});

export const usPassportRecogniser: Recogniser = patternRecogniser({
  type: "US_PASSPORT_NUMBER",
  maxLength: 9,
  patterns: [{
    // Book numbers are nine digits; next-generation passports a letter and eight digits.
    pattern: /(?<![A-Za-z0-9])(?:[A-Z]\d{8}|\d{9})(?![A-Za-z0-9])/g,
    score: 0.2,
    context: ["passport", "passport number", "passport no", "passport#", "travel document"],
  }],
});

export const usBankAccountRecogniser: Recogniser = patternRecogniser({
  type: "US_BANK_ACCOUNT_NUMBER",
  maxLength: 17,
  patterns: [{
    pattern: /(?<![\d-])\d{8,17}(?![\d-])/g,
    score: 0.2,
    context: ["account number", "account no", "acct", "bank account", "checking", "savings", "account #", "a/c"],
  }],
});

export const routingRecogniser: Recogniser = patternRecogniser({
  type: "US_BANK_ROUTING_NUMBER",
  maxLength: 11,
  patterns: [{
    // One nine-digit string in ten passes the checksum, so it needs a banking word too.
    pattern: /(?<![\d-])(?:\d{9}|\d{4}-\d{4}-\d)(?![\d-])/g,
    score: 0.4,
    validate: abaRouting,
    context: ["routing", "routing number", "aba", "aba number", "rtn", "transit number", "bank routing"],
  }],
});

export const driverIdRecogniser: Recogniser = patternRecogniser({
  type: "DRIVER_ID",
  maxLength: 18,
  patterns: [
    {
      // UK driving licence: surname (5, 9-padded), birth date with month +50 for women, initials, digit, two letters.
      pattern: /(?<![A-Za-z0-9])[A-Z9]{5}\d[0156]\d[0-3]\d{2}[A-Z9]{2}\d[A-Z]{2}(?![A-Za-z0-9])/g,
      score: 0.8,
      context: ["driving licence", "driving license", "driver's license", "licence number", "dvla"],
    },
    {
      // US states each have their own shape; a letter-or-digit code next to the words is all they share.
      pattern: /(?<![A-Za-z0-9-])(?=[A-Z0-9-]{0,15}\d)[A-Z0-9][A-Z0-9-]{5,15}[A-Z0-9](?![A-Za-z0-9-])/g,
      score: 0.15,
      boost: 0.45,
      window: 30,
      context: ["driver's license", "drivers license", "driver license", "driving licence", "driving license", "driver id", "dl", "dl#", "licence number", "license number", "licence no", "license no"],
    },
  ],
});
