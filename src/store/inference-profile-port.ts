import type { Tag } from "./iam-port.js";

/** An application inference profile as stored: identifiers, the owner's names and tags; no content. */
export interface InferenceProfileRecord {
  /** 12 lower-case letters or digits, unique across the deployment. */
  readonly profileId: string;
  readonly accountId: string;
  readonly name: string;
  readonly description?: string;
  /** The canonical ARN it was copied from: a foundation model or a system-defined profile. */
  readonly sourceArn: string;
  readonly clientRequestToken?: string;
  readonly tags: readonly Tag[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface InferenceProfileStore {
  /** A name or client request token the account already used is a "conflict" Fault; an unknown account "not-found". */
  create(record: InferenceProfileRecord): Promise<void>;
  get(accountId: string, profileId: string): Promise<InferenceProfileRecord | undefined>;
  getByToken(accountId: string, clientRequestToken: string): Promise<InferenceProfileRecord | undefined>;
  /** The account's profiles in id order, starting after `after`, at most `limit`. */
  list(accountId: string, options: { readonly after?: string; readonly limit: number }): Promise<InferenceProfileRecord[]>;
  /** False when no such profile exists. */
  delete(accountId: string, profileId: string): Promise<boolean>;
  /**
   * Changes the tags in one transaction: `change` gets the current tags and returns the new ones
   * (or throws, e.g. over a limit). False when no such profile exists.
   */
  updateTags(accountId: string, profileId: string, change: (tags: readonly Tag[]) => readonly Tag[], at: Date): Promise<boolean>;
}
