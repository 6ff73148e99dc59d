import type { GuardrailPolicies } from "../../guardrails/config.js";
import type { Tag } from "../../store/index.js";
import type { GuardrailRecord } from "../../store/index.js";

/**
 * plinth applies a configuration as it is stored, so a guardrail is READY from the moment the
 * call that made it answers; Bedrock's CREATING / UPDATING / VERSIONING states never show.
 */
export type GuardrailStatus = "READY";

/** One version of a guardrail as GetGuardrail shows it. */
export interface GuardrailView {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  /** "DRAFT" or a version number. */
  readonly version: string;
  readonly status: GuardrailStatus;
  readonly policies: GuardrailPolicies;
  /** The customer-managed key the configuration is sealed under; absent under the account's default key. */
  readonly kmsKeyArn?: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One row of ListGuardrails: no configuration. */
export type GuardrailSummary = Omit<GuardrailView, "policies" | "kmsKeyArn">;

export interface GuardrailPage {
  readonly guardrails: readonly GuardrailSummary[];
  readonly nextToken?: string;
}

/** A guardrail the control plane names, canonical: its ARN (what policies see) and, when it exists, its record. */
export interface GuardrailTarget {
  readonly arn: string;
  readonly id: string;
  /** Absent for a guardrail that does not exist (refused after authorisation, so a caller cannot probe ids it may not read). */
  readonly record?: GuardrailRecord;
  /** The guardrail's `aws:ResourceTag/*` keys. */
  readonly tags: readonly Tag[];
}

/** What CreateGuardrail and UpdateGuardrail carry beside the policies. */
export interface GuardrailDefinition {
  readonly name: string;
  readonly description?: string;
  readonly policies: GuardrailPolicies;
  /** The KMS key as the caller named it (id, ARN, alias); resolved once by the route (GuardrailControl.key). */
  readonly kmsKeyId?: string;
  /** `crossRegionConfig.guardrailProfileIdentifier` as the caller wrote it; resolved once by the route (GuardrailControl.profile). */
  readonly crossRegionProfile?: string;
}

export interface NewGuardrail extends GuardrailDefinition {
  readonly clientRequestToken?: string;
  readonly tags: readonly Tag[];
}

/** The answer to CreateGuardrail, UpdateGuardrail and CreateGuardrailVersion. */
export interface GuardrailWritten {
  readonly id: string;
  readonly arn: string;
  readonly version: string;
  readonly at: Date;
}
