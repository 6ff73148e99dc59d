/**
 * Content-free values an audit record may carry: identifiers, names, numbers, flags. A
 * `Sensitive` (content) is not assignable to any of them, so a prompt cannot reach an audit
 * record by accident; a string that is caller text must be chosen deliberately, field by field.
 */
export type AuditScalar = string | number | boolean | null;
export type AuditValue = AuditScalar | readonly AuditScalar[] | AuditFields;
export interface AuditFields {
  readonly [key: string]: AuditValue;
}

export interface NotedUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadInputTokens?: number;
  readonly cacheWriteInputTokens?: number;
}

/** The guardrail outcome of one request (issue 11 fills it): types and counts, never matched text. */
export interface NotedGuardrail {
  readonly identifier: string;
  readonly version: string;
  readonly action: "NONE" | "INTERVENED";
  readonly origin?: "REQUEST" | "ACCOUNT_ENFORCED";
  readonly policies?: readonly string[];
  /** Redact-and-restore was on (the guardrail's opt-in tag): how many identifiers the provider saw only as pseudonyms. */
  readonly pseudonymised?: number;
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
