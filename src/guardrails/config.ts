/**
 * A guardrail's configuration as plinth holds it: Bedrock's CreateGuardrail policy members
 * (`../shared/reference/bedrock-api.md` §2.1), already checked for shape by the control-plane
 * codec. The strings a guardrail holds (words, topic definitions, regexes, blocked messages) are
 * the owner's configuration, not customer content: they may appear in the control plane's
 * answers, never in an audit record (only their counts and types do).
 */
export type GuardrailAction = "BLOCK" | "NONE";
export type SensitiveAction = "BLOCK" | "ANONYMIZE" | "NONE";
export type FilterStrength = "NONE" | "LOW" | "MEDIUM" | "HIGH";
export type ContentFilterType = "SEXUAL" | "VIOLENCE" | "HATE" | "INSULTS" | "MISCONDUCT" | "PROMPT_ATTACK";
export type Direction = "INPUT" | "OUTPUT";
/**
 * Bedrock's detection tiers for topics, content filters and contextual grounding. plinth runs one
 * detector per policy whatever the tier; a tier sets the configuration's limits (a topic
 * definition's length) and is answered back as it was set.
 */
export type GuardrailTier = "CLASSIC" | "STANDARD";

export const PII_ENTITY_TYPES = [
  "ADDRESS", "AGE", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "CA_HEALTH_NUMBER", "CA_SOCIAL_INSURANCE_NUMBER",
  "CREDIT_DEBIT_CARD_CVV", "CREDIT_DEBIT_CARD_EXPIRY", "CREDIT_DEBIT_CARD_NUMBER", "DRIVER_ID", "EMAIL",
  "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "IP_ADDRESS", "LICENSE_PLATE", "MAC_ADDRESS", "NAME", "PASSWORD", "PHONE",
  "PIN", "SWIFT_CODE", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "UK_NATIONAL_INSURANCE_NUMBER",
  "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER", "URL", "USERNAME", "US_BANK_ACCOUNT_NUMBER", "US_BANK_ROUTING_NUMBER",
  "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", "US_PASSPORT_NUMBER", "US_SOCIAL_SECURITY_NUMBER",
  "VEHICLE_IDENTIFICATION_NUMBER",
] as const;
export type PiiEntityType = (typeof PII_ENTITY_TYPES)[number];

/** What each policy entry does per direction; `enabled` false means the direction is not evaluated. */
export interface PerDirection<A extends string> {
  readonly inputAction: A;
  readonly outputAction: A;
  readonly inputEnabled: boolean;
  readonly outputEnabled: boolean;
}

export interface TopicConfig extends PerDirection<GuardrailAction> {
  readonly name: string;
  readonly definition: string;
  readonly examples: readonly string[];
  readonly type: "DENY";
}

export interface ContentFilterConfig extends PerDirection<GuardrailAction> {
  readonly type: ContentFilterType;
  readonly inputStrength: FilterStrength;
  readonly outputStrength: FilterStrength;
}

export interface WordConfig extends PerDirection<GuardrailAction> {
  readonly text: string;
}

export interface ManagedWordListConfig extends PerDirection<GuardrailAction> {
  readonly type: "PROFANITY";
}

export interface PiiEntityConfig extends PerDirection<SensitiveAction> {
  readonly type: PiiEntityType;
}

export interface RegexConfig extends PerDirection<SensitiveAction> {
  readonly name: string;
  readonly description?: string;
  readonly pattern: string;
}

export interface GroundingFilterConfig {
  readonly type: "GROUNDING" | "RELEVANCE";
  readonly threshold: number;
  readonly action: GuardrailAction;
  readonly enabled: boolean;
}

/** The policies of one guardrail version. Absent policies are not evaluated. */
export interface GuardrailPolicies {
  readonly topics?: readonly TopicConfig[];
  readonly contentFilters?: readonly ContentFilterConfig[];
  readonly words?: readonly WordConfig[];
  readonly managedWordLists?: readonly ManagedWordListConfig[];
  readonly piiEntities?: readonly PiiEntityConfig[];
  readonly regexes?: readonly RegexConfig[];
  readonly grounding?: readonly GroundingFilterConfig[];
  /**
   * Each policy's tier, present with its policy. Configurations stored before tiers were kept have
   * none: read as CLASSIC, Bedrock's default (`tierOf`).
   */
  readonly topicsTier?: GuardrailTier;
  readonly contentFiltersTier?: GuardrailTier;
  readonly groundingTier?: GuardrailTier;
  readonly blockedInputMessaging: string;
  readonly blockedOutputsMessaging: string;
  /** Beyond Bedrock, opt-in: pseudonymise PII before the provider sees it and restore it in the answer. */
  readonly redactAndRestore?: boolean;
  /**
   * The guardrail profile (`eu.guardrail.v1:0`) `crossRegionConfig` named, resolved and checked
   * for this region. It moves nothing (evaluation is in-process) and is answered back.
   */
  readonly crossRegionProfile?: string;
}

/** A policy's tier; CLASSIC where none was stored. */
export function tierOf(p: GuardrailPolicies, policy: "topicsTier" | "contentFiltersTier" | "groundingTier"): GuardrailTier {
  return p[policy] ?? "CLASSIC";
}
