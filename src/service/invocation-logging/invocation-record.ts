/**
 * One ModelInvocationLog record (Bedrock's invocation log schema 1.0, reference §6). It holds
 * content (prompts, completions): it is only ever sealed into the store, never logged or audited.
 *
 * A body is `...BodyJson` when it is JSON (Converse's wire shape, or InvokeModel's raw body), else
 * `...BodyBase64` (InvokeModel's raw bytes; Bedrock would put them in S3 and write a path). What
 * the account's delivery flags leave out appears as an `Omitted` marker in place of the content.
 */
export interface ModelInvocationLog {
  readonly schemaType: "ModelInvocationLog";
  readonly schemaVersion: "1.0";
  readonly timestamp: string;
  readonly accountId: string;
  readonly identity: { readonly arn: string };
  readonly region: string;
  readonly requestId: string;
  readonly operation: string;
  readonly modelId: string;
  /** The AWS error name when the call failed (for a stream: after it began). */
  readonly errorCode?: string;
  /** Streams only (plinth's member): how the stream ended, since its record is written at the end. */
  readonly streamOutcome?: StreamOutcome;
  readonly input: {
    readonly inputContentType: string;
    readonly inputBodyJson?: unknown;
    readonly inputBodyBase64?: string;
    readonly inputTokenCount?: number;
    readonly cacheReadInputTokenCount?: number;
    readonly cacheWriteInputTokenCount?: number;
  };
  readonly output: {
    readonly outputContentType: string;
    readonly outputBodyJson?: unknown;
    readonly outputTokenCount?: number;
  };
  readonly requestMetadata?: Readonly<Record<string, string>>;
}

/** completed: the model finished; failed: an error ended it (see errorCode); client-disconnected: the caller went away first. */
export type StreamOutcome = "completed" | "failed" | "client-disconnected";

/** What binds a sealed record to its row: a record cannot be opened as another account's or request's. */
export function recordContext(accountId: string, requestId: string): Readonly<Record<string, string>> {
  return { purpose: "model-invocation-log", accountId, requestId };
}
