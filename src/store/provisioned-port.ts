import type { Tag } from "./iam-port.js";

/** The status a change left a provisioned throughput in; what callers see also weighs `readyAt`. */
export type ProvisionedStatus = "Creating" | "InService" | "Updating" | "Failed";
export type CommitmentDuration = "OneMonth" | "SixMonths";

/** A provisioned throughput as stored: identifiers, the model and units it reserves, tags; no content. */
export interface ProvisionedRecord {
  /** 12 lower-case letters or digits, unique across the deployment. */
  readonly provisionedId: string;
  readonly accountId: string;
  readonly name: string;
  /** The model it serves now. */
  readonly modelId: string;
  /** The model it will serve once an update is done (the same as `modelId` when none is under way). */
  readonly desiredModelId: string;
  /** The provider whose capacity the units are reserved from. */
  readonly providerId: string;
  readonly modelUnits: number;
  readonly status: ProvisionedStatus;
  /** When a Creating or Updating throughput comes into service. */
  readonly readyAt: Date;
  readonly commitmentDuration?: CommitmentDuration;
  readonly commitmentExpiresAt?: Date;
  readonly clientRequestToken?: string;
  readonly tags: readonly Tag[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Why it is Failed: derived when read (the configuration no longer honours it), never stored. */
  readonly failureMessage?: string;
}

export interface ProvisionedChange {
  readonly name: string;
  readonly modelId: string;
  readonly desiredModelId: string;
  readonly status: ProvisionedStatus;
  readonly readyAt: Date;
  readonly updatedAt: Date;
}

export interface ProvisionedStore {
  /**
   * Reserves in one transaction: `admit` gets the model units already reserved on the record's
   * provider (every account's) and throws to refuse; racing creates on one provider are
   * serialised, so what `admit` checks is what is committed. A name or client request token the
   * account already used is a "conflict" Fault; an unknown account "not-found".
   */
  create(record: ProvisionedRecord, admit: (reservedUnits: number) => void): Promise<void>;
  get(accountId: string, provisionedId: string): Promise<ProvisionedRecord | undefined>;
  getByToken(accountId: string, clientRequestToken: string): Promise<ProvisionedRecord | undefined>;
  /** Every provisioned throughput of the account, in id order (an account has at most a quota's worth). */
  list(accountId: string): Promise<ProvisionedRecord[]>;
  /** The model units reserved on each provider, every account's together. */
  reservedUnits(): Promise<ReadonlyMap<string, number>>;
  /** Applies `change` to the record as it is now (in one transaction); undefined when no such record exists; a name taken is a "conflict". */
  update(accountId: string, provisionedId: string, change: (current: ProvisionedRecord) => ProvisionedChange): Promise<ProvisionedRecord | undefined>;
  /** False when no such record exists; `allow` may refuse (throw) given the record as it is. */
  delete(accountId: string, provisionedId: string, allow: (current: ProvisionedRecord) => void): Promise<boolean>;
  /** As InferenceProfileStore.updateTags: one transaction; false when no such record exists. */
  updateTags(accountId: string, provisionedId: string, change: (tags: readonly Tag[]) => readonly Tag[], at: Date): Promise<boolean>;
}
