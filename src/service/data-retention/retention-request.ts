/**
 * How a surface's resolved input says that it asks the service to keep content beyond the
 * request (OpenAI Responses `store: true`, `background: true`, a batch or async job): it names
 * the field that asked. The data-retention admission refuses such a request unless the account's
 * mode lets the service retain, on every surface alike, so no surface has to remember to check.
 */
export interface RetentionRequest {
  /** The wire field that asks for retention (`store`, `background`); absent when nothing is kept. */
  readonly retentionRequested?: string;
}

export function retentionRequestOf(input: unknown): string | undefined {
  if (typeof input !== "object" || input === null || !("retentionRequested" in input)) return undefined;
  const field = (input as RetentionRequest).retentionRequested;
  return typeof field === "string" ? field : undefined;
}
