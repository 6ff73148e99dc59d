import { patternRecogniser } from "./pattern.js";
import type { Recogniser } from "./recogniser.js";
import { cardNumber, luhn, digitsOf } from "./validators.js";

const CARD_CONTEXT = ["card", "credit", "debit", "visa", "mastercard", "amex", "card number", "cc", "payment"];

/**
 * Issuers the main pattern leaves out: Maestro's 12-digit cards (50, 56–69) and JCB's 15-digit
 * 1800 and 2131 ranges. A Luhn-valid number of these shapes is one in ten of any digits, so it is
 * reported only with a card word beside it.
 */
function lesserCard(s: string): boolean {
  const d = digitsOf(s);
  if (!luhn(d) || /^(\d)\1+$/.test(d)) return false;
  return (d.length >= 12 && d.length <= 19 && /^(?:50|5[6-9]|6)/.test(d)) || (d.length === 15 && /^(?:1800|2131)/.test(d));
}

export const cardNumberRecogniser: Recogniser = patternRecogniser({
  type: "CREDIT_DEBIT_CARD_NUMBER",
  maxLength: 23,
  patterns: [{
    // Digits and single separators; the class [ -] cannot also match \d, so the repetition cannot backtrack far.
    // Not inside a longer word, so the digit tail of a UUID or hex id is not proposed.
    pattern: /(?<![\w-])\d(?:[ -]?\d){11,18}(?![\w-])/g,
    score: 0.9,
    // A lesser issuer's number scores under MIN_SCORE until a card word lifts it (0.3 + 0.35).
    validate: (s) => (cardNumber(s) ? true : lesserCard(s) ? 0.3 : false),
    context: CARD_CONTEXT,
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
