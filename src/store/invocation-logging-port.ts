/** An account's model invocation logging configuration in one region (Bedrock's LoggingConfig, as JSON). */
export interface InvocationLoggingConfigRecord {
  readonly accountId: string;
  readonly region: string;
  /** The LoggingConfig as accepted, serialized: flags only, no content. */
  readonly config: string;
  readonly updatedAt: Date;
}

/** One logged invocation, sealed whole: the store never sees its content. */
export interface InvocationLogRecord {
  readonly accountId: string;
  readonly requestId: string;
  readonly createdAt: Date;
  readonly ciphertext: Uint8Array;
}

export interface InvocationLoggingStore {
  /** Undefined when logging is off (never configured, or deleted). */
  getConfig(accountId: string, region: string): Promise<InvocationLoggingConfigRecord | undefined>;
  /** Creates or replaces; an unknown account is a "not-found" Fault. */
  putConfig(record: InvocationLoggingConfigRecord): Promise<void>;
  deleteConfig(accountId: string, region: string): Promise<void>;
  append(record: InvocationLogRecord): Promise<void>;
  /** The account's records, oldest first. */
  list(accountId: string): Promise<InvocationLogRecord[]>;
  /**
   * Deletes every record created before `cutoff`; answers how many went. On SQLite the
   * write-ahead log, which still holds them as they were, is emptied before this resolves.
   */
  purgeBefore(cutoff: Date): Promise<number>;
}
