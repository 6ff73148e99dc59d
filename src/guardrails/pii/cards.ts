import { patternRecogniser } from "./pattern.js";
import type { Recogniser } from "./recogniser.js";
import { cardNumber } from "./validators.js";

export const cardNumberRecogniser: Recogniser = patternRecogniser({
  type: "CREDIT_DEBIT_CARD_NUMBER",
  maxLength: 23,
  patterns: [{
    // Digits and single separators; the class [ -] cannot also match \d, so the repetition cannot backtrack far.
    // Not inside a longer word, so the digit tail of a UUID or hex id is not proposed.
    pattern: /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g,
    score: 0.9,
    validate: cardNumber,
    context: ["card", "credit", "debit", "visa", "mastercard", "amex", "card number", "cc", "payment"],
  }],
});

export const cvvRecogniser: Recogniser = patternRecogniser({
  type: "CREDIT_DEBIT_CARD_CVV",
  maxLength: 4,
  patterns: [{
    // Any three or four digits; only a security-code word right beside them makes one a CVV.
    pattern: /(?<![\d./,-])\d{3,4}(?![\d./,-]?\d)/g,
    score: 0.1,
    boost: 0.5,
    window: 20,
    context: ["cvv", "cvv2", "cvc", "cvc2", "csc", "cid", "security code", "card verification", "3-digit code", "three digit code"],
  }],
});

export const expiryRecogniser: Recogniser = patternRecogniser({
  type: "CREDIT_DEBIT_CARD_EXPIRY",
  maxLength: 9,
  patterns: [{
    pattern: /(?<![\d/.-])(?:0[1-9]|1[0-2]) ?[/-] ?(?:20)?\d{2}(?![\d/.-])/g,
    score: 0.4,
    context: ["exp", "expiry", "expires", "expiration", "exp date", "expiry date", "valid thru", "valid through", "valid until", "good thru", "card"],
  }],
});
