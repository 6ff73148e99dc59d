import { patternRecogniser } from "./pattern.js";
import type { Recogniser } from "./recogniser.js";

export const awsAccessKeyRecogniser: Recogniser = patternRecogniser({
  type: "AWS_ACCESS_KEY",
  maxLength: 20,
  patterns: [{
    // Key ids are a four-letter kind (AKIA long-term, ASIA temporary, …) and 16 base-32 characters.
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z2-7]{16}(?![A-Za-z0-9])/g,
    score: 0.95,
  }],
});

/**
 * A 40-character base-64 string with upper, lower and digits is very likely some secret; a hex
 * digest (lower case only) is not proposed at all. AWS words nearby make it an AWS secret.
 */
export const awsSecretKeyRecogniser: Recogniser = patternRecogniser({
  type: "AWS_SECRET_KEY",
  maxLength: 40,
  patterns: [{
    // "key=SECRET" is how credentials files write it, so "=" may precede the key (only follow it, as padding).
    pattern: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    score: 0.5,
    validate: (s) => /[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s) ? 0.5 : 0.2,
    context: ["aws_secret_access_key", "secret access key", "secret key", "secret", "aws", "secretaccesskey", "aws_secret"],
  }],
});

/** Trailing sentence punctuation after a keyed value is the sentence's, not the value's. */
const VALUE_TRIM = /[.,;)"']+$/;

export const passwordRecogniser: Recogniser = patternRecogniser({
  type: "PASSWORD",
  maxLength: 64 + 40,
  trimEnd: VALUE_TRIM,
  patterns: [{
    pattern: /\b(?:password|passwd|pwd|passcode|pass phrase|passphrase|pw)\b(?: is)?\s{0,3}(?:[:=]|\bis\b)?\s{0,3}["']?([^\s"']{4,64})/gi,
    score: 0.85,
    group: 1,
    // "my password is stored in the vault": a plain lower-case word after the keyword is prose.
    validate: (s) => /[^a-z]/.test(s) || s.length >= 12 ? true : 0.3,
  }],
});

export const pinRecogniser: Recogniser = patternRecogniser({
  type: "PIN",
  maxLength: 8 + 30,
  patterns: [{
    pattern: /\b(?:pin|pin code|pin number|pin no|passcode)\b\s{0,3}(?:is|was|[:=#-])?\s{0,3}(\d{4,8})(?!\d)/gi,
    score: 0.8,
    group: 1,
  }],
});

export const usernameRecogniser: Recogniser = patternRecogniser({
  type: "USERNAME",
  maxLength: 64 + 40,
  trimEnd: VALUE_TRIM,
  patterns: [{
    pattern: /\b(?:user ?name|user ?id|user|login|login id|handle|account name)\b\s{0,3}(?:is|[:=])\s{0,3}["']?(@?[A-Za-z0-9][A-Za-z0-9._-]{1,63})/gi,
    score: 0.8,
    group: 1,
    // "user is ..." with a common word ("the", "not") following is prose.
    validate: (s) => !/^(?:the|a|an|not|now|still|logged|able|unable|required|invalid|active|locked)$/i.test(s),
  }],
});
