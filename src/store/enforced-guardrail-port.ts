/**
 * An account-level enforced guardrail configuration as stored (Bedrock's
 * PutEnforcedGuardrailConfiguration): which guardrail version every inference of the account
 * runs, on which models, and how much of the prompt it reads. Identifiers and settings only.
 */
export interface EnforcedGuardrailRecord {
  readonly accountId: string;
  /** Lower-case letters and digits, unique within the account. */
  readonly configId: string;
  /** Canonical: `arn:aws:bedrock:<region>:<account>:guardrail/<id>`. */
  readonly guardrailArn: string;
  readonly guardrailId: string;
  /** A numbered version (never DRAFT: an enforced guardrail must not change under the account's feet). */
  readonly guardrailVersion: string;
  /** Bedrock's SELECTIVE | COMPREHENSIVE per part of the prompt, as stated (defaults already applied). */
  readonly selectiveContentGuarding: { readonly system: string; readonly messages: string };
  /** Absent: every model. */
  readonly modelEnforcement?: { readonly includedModels: readonly string[]; readonly excludedModels: readonly string[] };
  readonly createdAt: Date;
  /** The principal ARN that made it. */
  readonly createdBy: string;
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

export interface EnforcedGuardrailStore {
  /** The account's configurations in config id order. */
  list(accountId: string): Promise<EnforcedGuardrailRecord[]>;
  get(accountId: string, configId: string): Promise<EnforcedGuardrailRecord | undefined>;
  /** A config id the account already uses is a "conflict" Fault; an unknown account "not-found". */
  create(record: EnforcedGuardrailRecord): Promise<void>;
  /** Replaces everything but the creation fields. False when no such configuration exists. */
  update(record: EnforcedGuardrailRecord): Promise<boolean>;
  /** False when no such configuration exists. */
  delete(accountId: string, configId: string): Promise<boolean>;
}
