/** An account's stated data-retention mode in one region: a setting, no content. */
export interface DataRetentionRecord {
  readonly accountId: string;
  readonly region: string;
  /** Bedrock's wire value (default, none, aws_review, provider_data_share, inherit). */
  readonly mode: string;
  readonly updatedAt: Date;
}

export interface DataRetentionStore {
  /** Undefined when the account never stated a mode in the region. */
  get(accountId: string, region: string): Promise<DataRetentionRecord | undefined>;
  /** Creates or replaces the account's mode in the region; an unknown account is a "not-found" Fault. */
  put(record: DataRetentionRecord): Promise<void>;
}
