import type { PiiEntityType } from "../config.js";
import type { PiiFinder } from "../ports.js";

/**
 * The types checked in resource names, descriptions and tags: those whose recognisers rarely fire
 * on the words people name things with. NAME, ADDRESS, USERNAME, AGE and the like would flag
 * "alice-test" or "42nd-street-demo"; a warning that fires on every name is one nobody reads.
 */
export const LABEL_PII_TYPES: ReadonlySet<PiiEntityType> = new Set<PiiEntityType>([
  "EMAIL", "PHONE", "CREDIT_DEBIT_CARD_NUMBER", "US_SOCIAL_SECURITY_NUMBER", "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
  "UK_NATIONAL_INSURANCE_NUMBER", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "CA_SOCIAL_INSURANCE_NUMBER",
  "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
]);

/** A name, description, tag key or tag value the caller gave a resource, and the request field it came in. */
export interface Label {
  readonly field: string;
  readonly value: string;
}

/** Which field holds which types: never the text, so it may go into an audit record and a header. */
export interface LabelFinding {
  readonly field: string;
  readonly types: readonly PiiEntityType[];
}

/** The labels that hold personal data of the high-confidence types, in the order given; types sorted and unique. */
export function personalDataInLabels(labels: readonly Label[], finder: PiiFinder, types: ReadonlySet<PiiEntityType> = LABEL_PII_TYPES): LabelFinding[] {
  const findings: LabelFinding[] = [];
  for (const { field, value } of labels) {
    if (value === "") continue;
    const found = [...new Set(finder.find(value, types).map((m) => m.type))].sort();
    if (found.length > 0) findings.push({ field, types: found });
  }
  return findings;
}

/** Labels of a tag list as the request spells them (`tags.0.key`, `tags.0.value`). */
export function tagLabels(tags: readonly { readonly key: string; readonly value: string }[], field = "tags"): Label[] {
  return tags.flatMap((t, i) => [{ field: `${field}.${i}.key`, value: t.key }, { field: `${field}.${i}.value`, value: t.value }]);
}
