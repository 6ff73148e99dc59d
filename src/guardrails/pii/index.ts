import type { PiiEntityType } from "../config.js";
import type { PiiFinder } from "../ports.js";
import { addressRecogniser } from "./address.js";
import { caHealthRecogniser, sinRecogniser } from "./ca.js";
import { cardNumberRecogniser, cvvRecogniser, expiryRecogniser } from "./cards.js";
import { phoneRecogniser } from "./contact.js";
import { nameRecogniser } from "./names.js";
import { forgetParse, prepareNlp } from "./nlp-doc.js";
import { emailRecogniser, ibanRecogniser, ipRecogniser, macRecogniser, urlRecogniser } from "./network.js";
import { ageRecogniser, licensePlateRecogniser, swiftRecogniser, vinRecogniser } from "./other.js";
import { CONTEXT_WINDOW, MIN_SCORE } from "./pattern.js";
import type { PiiMatch, Recogniser } from "./recogniser.js";
import { awsAccessKeyRecogniser, awsSecretKeyRecogniser, passwordRecogniser, pinRecogniser, usernameRecogniser } from "./secrets.js";
import { nhsRecogniser, ninoRecogniser, utrRecogniser } from "./uk.js";
import { driverIdRecogniser, itinRecogniser, routingRecogniser, ssnRecogniser, usBankAccountRecogniser, usPassportRecogniser } from "./us.js";

export type { PiiMatch, Recogniser } from "./recogniser.js";

// A Record over the union makes the compiler refuse a type without a recogniser.
const RECOGNISERS: Readonly<Record<PiiEntityType, Recogniser>> = {
  ADDRESS: addressRecogniser,
  AGE: ageRecogniser,
  AWS_ACCESS_KEY: awsAccessKeyRecogniser,
  AWS_SECRET_KEY: awsSecretKeyRecogniser,
  CA_HEALTH_NUMBER: caHealthRecogniser,
  CA_SOCIAL_INSURANCE_NUMBER: sinRecogniser,
  CREDIT_DEBIT_CARD_CVV: cvvRecogniser,
  CREDIT_DEBIT_CARD_EXPIRY: expiryRecogniser,
  CREDIT_DEBIT_CARD_NUMBER: cardNumberRecogniser,
  DRIVER_ID: driverIdRecogniser,
  EMAIL: emailRecogniser,
  INTERNATIONAL_BANK_ACCOUNT_NUMBER: ibanRecogniser,
  IP_ADDRESS: ipRecogniser,
  LICENSE_PLATE: licensePlateRecogniser,
  MAC_ADDRESS: macRecogniser,
  NAME: nameRecogniser,
  PASSWORD: passwordRecogniser,
  PHONE: phoneRecogniser,
  PIN: pinRecogniser,
  SWIFT_CODE: swiftRecogniser,
  UK_NATIONAL_HEALTH_SERVICE_NUMBER: nhsRecogniser,
  UK_NATIONAL_INSURANCE_NUMBER: ninoRecogniser,
  UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER: utrRecogniser,
  URL: urlRecogniser,
  USERNAME: usernameRecogniser,
  US_BANK_ACCOUNT_NUMBER: usBankAccountRecogniser,
  US_BANK_ROUTING_NUMBER: routingRecogniser,
  US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER: itinRecogniser,
  US_PASSPORT_NUMBER: usPassportRecogniser,
  US_SOCIAL_SECURITY_NUMBER: ssnRecogniser,
  VEHICLE_IDENTIFICATION_NUMBER: vinRecogniser,
};

export function recogniserFor(type: PiiEntityType): Recogniser {
  return RECOGNISERS[type];
}

/**
 * Every recogniser of the asked types over `text`; matches under MIN_SCORE dropped; where two
 * overlap the higher score wins, then the longer span, then the earlier one (so the answer does
 * not depend on the order types were asked in). The result is sorted by start.
 */
export function findPii(text: string, types: ReadonlySet<PiiEntityType>): PiiMatch[] {
  const candidates: PiiMatch[] = [];
  try {
    for (const type of types) {
      for (const m of RECOGNISERS[type].find(text)) if (m.score >= MIN_SCORE) candidates.push(m);
    }
  } finally {
    forgetParse();
  }
  return resolveOverlaps(candidates);
}

export function resolveOverlaps(candidates: readonly PiiMatch[]): PiiMatch[] {
  const ranked = [...candidates].sort(
    (a, b) => b.score - a.score || (b.end - b.start) - (a.end - a.start) || a.start - b.start || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
  const kept: PiiMatch[] = [];
  for (const m of ranked) {
    if (!kept.some((k) => m.start < k.end && k.start < m.end)) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The port the guardrail evaluator depends on. */
export const piiFinder: PiiFinder = {
  find: findPii,
  maxLength(types: ReadonlySet<PiiEntityType>): number {
    let longest = 0;
    for (const type of types) longest = Math.max(longest, RECOGNISERS[type].maxLength);
    // The context read either side of a candidate must be held back too, or a keyword in the
    // released text could no longer confirm an entity completed in the next chunk.
    return longest === 0 ? 0 : longest + 2 * CONTEXT_WINDOW;
  },
  prepare(types: ReadonlySet<PiiEntityType>): void {
    if (types.has("NAME") || types.has("ADDRESS")) prepareNlp();
  },
};

export { LABEL_PII_TYPES, personalDataInLabels, tagLabels } from "./labels.js";
export type { Label, LabelFinding } from "./labels.js";
