import { isIPv6 } from "node:net";
import { patternRecogniser } from "./pattern.js";
import type { Recogniser } from "./recogniser.js";
import { iban } from "./validators.js";

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IP_CONTEXT = ["ip", "ip address", "ipv4", "ipv6", "address", "host", "server", "client"];

export const ipRecogniser: Recogniser = patternRecogniser({
  type: "IP_ADDRESS",
  maxLength: 45,
  patterns: [
    {
      // The octet alternatives only match 0–255, so "999.1.1.1" never starts a candidate; a fifth
      // dotted number means a version string or OID, not an address.
      pattern: new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?!\\.?\\d)`, "g"),
      score: 0.7,
      context: IP_CONTEXT,
    },
    {
      // Hex groups and colons proposed loosely (each repetition ends in a colon, so no ambiguity);
      // node's own parser decides what is an IPv6 address.
      pattern: /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g,
      score: 0.8,
      validate: (s) => isIPv6(s) && /[0-9A-Fa-f]/.test(s) && (s.includes("::") || s.split(":").length >= 8),
      context: IP_CONTEXT,
    },
  ],
});

export const macRecogniser: Recogniser = patternRecogniser({
  type: "MAC_ADDRESS",
  maxLength: 17,
  patterns: [
    { pattern: /(?<![\w:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])/g, score: 0.85, context: ["mac", "mac address", "hardware address", "ethernet", "wifi", "bssid"] },
    { pattern: /(?<![\w.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w.])/g, score: 0.6, context: ["mac", "mac address", "hardware address"] },
  ],
});

/** Sentence punctuation after a link belongs to the sentence. */
const URL_TRIM = /[.,;:!?'")\]}>]+$/;

export const urlRecogniser: Recogniser = patternRecogniser({
  type: "URL",
  maxLength: 2048,
  trimEnd: URL_TRIM,
  patterns: [
    { pattern: /\b(?:https?|ftp):\/\/[^\s<>"'`\x00-\x1f]{1,2040}/gi, anchor: { text: "://", within: 5 }, score: 0.9 },
    { pattern: /(?<![\w@./])www\.[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6}(?:\/[^\s<>"'`\x00-\x1f]{0,1990})?/gi, score: 0.8 },
  ],
});

export const emailRecogniser: Recogniser = patternRecogniser({
  type: "EMAIL",
  maxLength: 254,
  patterns: [{
    // Domain labels cannot contain the dot that ends them, so each label's end is fixed and the
    // repetition cannot backtrack; the lookbehind keeps a match from starting mid-address.
    pattern: /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-])/g,
    // The local part is 1 to 64 characters with no "@" in it.
    anchor: { text: "@", within: 64 },
    score: 0.95,
    validate: (s) => !s.startsWith(".") && !s.includes("..") && !s.includes(".@"),
  }],
});

export const ibanRecogniser: Recogniser = patternRecogniser({
  type: "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
  maxLength: 42,
  patterns: [
    { pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?(?![A-Za-z0-9])/g, score: 0.95, validate: iban, context: ["iban", "bank", "account"] },
    { pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}[A-Z0-9]{11,30}(?![A-Za-z0-9])/g, score: 0.95, validate: iban, context: ["iban", "bank", "account"] },
    // Typed in lower case ("gb42nawi0445..."): the checksum still holds, but such a run is as likely
    // an identifier of some other kind, so only beside a bank word.
    { pattern: /(?<![A-Za-z0-9])[a-z]{2}\d{2}[a-z0-9]{11,30}(?![A-Za-z0-9])/g, score: 0.4, validate: (s) => iban(s.toUpperCase()), context: ["iban", "bank", "account"] },
  ],
});
