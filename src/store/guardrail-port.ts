import type { Tag } from "./iam-port.js";

/**
 * A guardrail as stored: its identifiers, name and tags in the clear (they are what lists,
 * uniqueness and policies read), its configuration (words, topics, regexes, blocked messages)
 * only sealed, bound to the account, the guardrail's ARN and the version.
 */
export interface GuardrailRecord {
  /** 12 lower-case letters or digits, unique across the deployment. */
  readonly guardrailId: string;
  readonly accountId: string;
  readonly name: string;
  readonly description?: string;
  readonly clientRequestToken?: string;
  readonly tags: readonly Tag[];
  /** The DRAFT's configuration, sealed. */
  readonly sealed: Uint8Array;
  /** The number the next CreateGuardrailVersion takes: numbers are never reused, even after a version is deleted. */
  readonly nextVersion: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A numbered version: a sealed copy of the DRAFT as it was, never changed afterwards. */
export interface GuardrailVersionRecord {
  readonly guardrailId: string;
  readonly accountId: string;
  readonly version: number;
  /** The version's own description (CreateGuardrailVersion's), else none. */
  readonly description?: string;
  /** The guardrail's name when the version was made. */
  readonly name: string;
  readonly sealed: Uint8Array;
  readonly createdAt: Date;
}

export interface DraftChange {
  readonly name: string;
  readonly description?: string;
  readonly sealed: Uint8Array;
  readonly updatedAt: Date;
}

export interface GuardrailStore {
  /** A name or client request token the account already used is a "conflict" Fault; an unknown account "not-found". */
  create(record: GuardrailRecord): Promise<void>;
  get(accountId: string, guardrailId: string): Promise<GuardrailRecord | undefined>;
  getByToken(accountId: string, clientRequestToken: string): Promise<GuardrailRecord | undefined>;
  count(accountId: string): Promise<number>;
  /** The account's guardrails in id order, starting after `after`, at most `limit`. */
  list(accountId: string, options: { readonly after?: string; readonly limit: number }): Promise<GuardrailRecord[]>;
  /** Replaces the DRAFT; false when no such guardrail exists; a name another guardrail holds is a "conflict" Fault. */
  updateDraft(accountId: string, guardrailId: string, change: DraftChange): Promise<boolean>;
  /**
   * Makes the next numbered version in one transaction: `make` gets the DRAFT as it is now and the
   * number the version takes, and answers the version's sealed copy (or throws, e.g. over a
   * quota, given the versions that exist). Undefined when no such guardrail exists.
   */
  addVersion(
    accountId: string, guardrailId: string,
    make: (draft: GuardrailRecord, version: number, existing: number) => Promise<Omit<GuardrailVersionRecord, "accountId" | "guardrailId" | "version">>,
  ): Promise<GuardrailVersionRecord | undefined>;
  getVersion(accountId: string, guardrailId: string, version: number): Promise<GuardrailVersionRecord | undefined>;
  /** The guardrail and one numbered version of it in one read (inference's): undefined without the guardrail; no `version` without that version. */
  getWithVersion(accountId: string, guardrailId: string, version: number): Promise<{ record: GuardrailRecord; version?: GuardrailVersionRecord } | undefined>;
  /** The guardrail's versions, lowest number first. */
  listVersions(accountId: string, guardrailId: string): Promise<GuardrailVersionRecord[]>;
  deleteVersion(accountId: string, guardrailId: string, version: number): Promise<boolean>;
  /**
   * The guardrail, every version of it, and the resource policy attached to its ARN `arn` (in the
   * same transaction, so no policy outlives its guardrail to apply to whatever is made under that
   * ARN next); false when no such guardrail exists.
   */
  delete(accountId: string, guardrailId: string, arn: string): Promise<boolean>;
  /**
   * As InferenceProfileStore.updateTags (one transaction; false when no such guardrail exists),
   * except that the DRAFT's updatedAt stays: tags are not the configuration, and updatedAt is the
   * revision inference caches key on.
   */
  updateTags(accountId: string, guardrailId: string, change: (tags: readonly Tag[]) => readonly Tag[]): Promise<boolean>;
}
