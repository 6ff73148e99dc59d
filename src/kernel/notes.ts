/**
 * Content-free values an audit record may carry: identifiers, names, numbers, flags. A
 * `Sensitive` (content) is not assignable to any of them, so a prompt cannot reach an audit
 * record by accident; a string that is caller text must be chosen deliberately, field by field.
 */
export type AuditScalar = string | number | boolean | null;
export type AuditValue = AuditScalar | readonly AuditScalar[] | AuditFields | readonly AuditFields[];
export interface AuditFields {
  readonly [key: string]: AuditValue;
}

export interface NotedUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadInputTokens?: number;
  readonly cacheWriteInputTokens?: number;
}

/** A guardrail policy, as the facts of an evaluation name the ones that found something. */
export type GuardrailPolicyKind = "topic" | "content" | "word" | "sensitiveInformation" | "contextualGrounding";

/**
 * One guardrail's evaluations of one direction of a request (a streamed answer's blocks and tool
 * calls summed): what was done, which policies found something, and the types and counts found.
 * Configured strings (topic and regex names, words) are named by their position in the version's
 * configuration, never by their text: the configuration is sealed under its owner's key, and the
 * trail is readable without that key and outlives it.
 */
export interface NotedGuardrailEvaluation {
  readonly identifier: string;
  readonly version: string;
  readonly origin: "REQUEST" | "ACCOUNT_ENFORCED";
  readonly source: "INPUT" | "OUTPUT";
  readonly action: "NONE" | "GUARDRAIL_INTERVENED";
  /** What the intervention did: BLOCKED wins over ANONYMIZED; NONE when nothing acted (a finding may still be reported). */
  readonly outcome: "NONE" | "ANONYMIZED" | "BLOCKED";
  /** How many evaluations are summed here. */
  readonly evaluations: number;
  readonly policies: readonly GuardrailPolicyKind[];
  /** Bedrock PII entity type -> how many were found (e.g. UK_NATIONAL_INSURANCE_NUMBER: 2). */
  readonly piiEntities: Readonly<Record<string, number>>;
  /** Custom regexes that matched: position in `regexesConfig` and how many matches. */
  readonly regexes: readonly { readonly index: number; readonly count: number }[];
  /** Denied topics detected: positions in `topicsConfig`. */
  readonly topics: readonly number[];
  /** Content filter category -> the highest confidence detected (NONE, LOW, MEDIUM, HIGH). */
  readonly contentFilters: Readonly<Record<string, "NONE" | "LOW" | "MEDIUM" | "HIGH">>;
  /** Words found: custom words and the managed PROFANITY list, counts only. */
  readonly customWords: number;
  readonly managedWords: number;
  /** Contextual-grounding filters whose score fell below their threshold. */
  readonly contextualGrounding: readonly ("GROUNDING" | "RELEVANCE")[];
}

/**
 * The guardrail outcome of one request: the guardrail that intervened (the first one), else the
 * last that ran, with every policy that fired; and each guardrail's evaluation per direction.
 */
export interface NotedGuardrail {
  readonly identifier: string;
  readonly version: string;
  readonly action: "NONE" | "INTERVENED";
  readonly origin?: "REQUEST" | "ACCOUNT_ENFORCED";
  readonly policies?: readonly GuardrailPolicyKind[];
  /** Redact-and-restore was on (the guardrail's opt-in tag): how many identifiers the provider saw only as pseudonyms. */
  readonly pseudonymised?: number;
  /** In the order first evaluated: the request's guardrail and the enforced ones, INPUT and OUTPUT apart. */
  readonly evaluations?: readonly NotedGuardrailEvaluation[];
}

/** A request field (e.g. `tags.0.value`) and the personal-data entity types found in it. */
export interface NotedPersonalData {
  readonly field: string;
  readonly types: readonly string[];
}

/**
 * What the steps learn while serving a request and the records need afterwards (audit, metrics):
 * each field is written by the one step that knows it, and read only once the exchange is over.
 * Everything here is content-free by type.
 */
export interface RequestNotes {
  /** Token counts, once the provider has said them (a stream says them at its end). */
  usage?: NotedUsage;
  /** Milliseconds from arrival to the first output event of a stream. */
  firstOutputMs?: number;
  /** The account's data-retention mode in force for this request. */
  retentionMode?: string;
  /** Where the request's data was processed (region or jurisdiction). */
  residency?: { readonly processingRegion: string; readonly crossRegion: boolean };
  guardrail?: NotedGuardrail;
  /** Which service quota refused the request (requests or tokens per minute), for the throttle metrics. */
  quotaExceeded?: "rpm" | "tpm";
  /**
   * Names, descriptions or tags the caller sent that hold personal data: the request field and
   * the entity types found, never the text (the admission that checks them writes it).
   */
  personalData?: readonly NotedPersonalData[];
  /** CloudTrail's requestParameters / responseElements: allow-listed per operation. */
  requestParameters?: AuditFields;
  responseElements?: AuditFields;
}
