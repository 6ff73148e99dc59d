/**
 * One ModelInvocationLog record (Bedrock's invocation log schema 1.0, reference §6). It holds
 * content (prompts, completions): it is only ever sealed into the store, never logged or audited.
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
  readonly input: { readonly inputContentType: string; readonly inputBodyJson: unknown; readonly inputTokenCount?: number };
  readonly output: { readonly outputContentType: string; readonly outputBodyJson: unknown; readonly outputTokenCount?: number };
  readonly requestMetadata?: Readonly<Record<string, string>>;
}

/** What binds a sealed record to its row: a record cannot be opened as another account's or request's. */
export function recordContext(accountId: string, requestId: string): Readonly<Record<string, string>> {
  return { purpose: "model-invocation-log", accountId, requestId };
}
