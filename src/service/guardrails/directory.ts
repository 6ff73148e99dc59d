import type { GuardrailPolicies } from "../../guardrails/config.js";

/** One guardrail version as inference reads it: resolved once, canonical ARN and version. */
export interface ResolvedGuardrail {
  readonly arn: string;
  readonly guardrailId: string;
  /** "DRAFT" or a version number. */
  readonly version: string;
  readonly policies: GuardrailPolicies;
  /**
   * Changes whenever the configuration does (a DRAFT is editable; numbered versions never change):
   * what a compiled-guardrail cache keys on besides the ARN and version.
   */
  readonly revision: string;
  /**
   * The guardrail's tags, from the same read of its row (which happens on every call): the
   * session takes them from here rather than reading the row again. Absent from a directory
   * that does not read them (the session then asks for them).
   */
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
}

/**
 * One guardrail version as the store holds it, read once per request (GuardrailDirectory.locate),
 * before its configuration is opened: what authorising its use reads, and what inference then
 * opens without reading the rows again. It holds the configuration only sealed.
 */
export interface LocatedGuardrail {
  readonly accountId: string;
  /** The canonical ARN and id. */
  readonly arn: string;
  readonly guardrailId: string;
  /** As named: "DRAFT" or a version number (or text that names none). */
  readonly version: string;
  /** The guardrail's tags (none when there is no such guardrail). */
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  /** The customer-managed key the version is sealed under; absent under the account's default key. */
  readonly customerKeyArn?: string;
  /** The version's stored envelope and its revision (ResolvedGuardrail.revision); absent when there is no such version. */
  readonly sealed?: Uint8Array;
  readonly revision?: string;
}

/**
 * The guardrail control plane as the runtime sees it. The identifier may be an id or an ARN;
 * an ARN naming another account or region, an unknown id or version are a not-found Fault, so a
 * caller cannot tell another account's guardrail from none.
 */
export interface GuardrailDirectory {
  /** `located`: this request's `locate` of the same version, if it made one (its rows are not read again). */
  resolveForInference(account: string, identifier: string, version: string, located?: LocatedGuardrail): Promise<ResolvedGuardrail>;
  /** Reads one version's rows for authorisation, opening nothing; absent from a directory without it (the runtime then asks for tags alone). */
  locate?(account: string, identifier: string, version: string): Promise<LocatedGuardrail>;
}

/** Checks a configuration before the control plane stores it (the compiler: unsafe regexes, budgets). */
export type GuardrailValidator = (policies: GuardrailPolicies) => void;

/** How much of a conversation an enforced guardrail reads: only the guardContent-marked parts, or all. */
export type GuardingMode = "SELECTIVE" | "COMPREHENSIVE";
export interface GuardingScope {
  readonly system: GuardingMode;
  readonly messages: GuardingMode;
}

/** An account-enforced guardrail that applies to one inference, whatever the caller sent. */
export interface EnforcedSelection {
  readonly configId: string;
  /** The guardrail's canonical ARN. */
  readonly identifier: string;
  readonly version: string;
  readonly selective: GuardingScope;
}

/** The account's enforced guardrail configurations, as inference reads them. */
export interface EnforcedGuardrailSource {
  forInference(account: string, modelId: string): Promise<readonly EnforcedSelection[]>;
}
