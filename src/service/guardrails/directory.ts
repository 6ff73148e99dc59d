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
 * The guardrail control plane as the runtime sees it. The identifier may be an id or an ARN;
 * an ARN naming another account or region, an unknown id or version are a not-found Fault, so a
 * caller cannot tell another account's guardrail from none.
 */
export interface GuardrailDirectory {
  resolveForInference(account: string, identifier: string, version: string): Promise<ResolvedGuardrail>;
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
