import type { FaultKind } from "../kernel/index.js";

/**
 * What the pipeline tells its observers (logs now; audit and metrics later) once an exchange is
 * over. Every field is content-free by construction: identifiers, names, numbers.
 */
export interface ExchangeRecord {
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly method: string;
  /**
   * The route template (`/model/{modelId}/converse`), never the raw path: a path is caller text,
   * and a presigned URL's query carries a signature.
   */
  readonly path: string;
  readonly httpVersion: string;
  readonly sourceIp: string;
  /** The listener the request arrived on, and its private endpoint id when it is one. */
  readonly listener: string;
  readonly sourceVpce?: string;
  readonly secureTransport: boolean;
  readonly userAgent?: string;
  readonly operation?: string;
  readonly action?: string;
  readonly resource?: string;
  /** What the operation acted on (a model id), once it is known to exist or at least to be well formed. */
  readonly subject?: string;
  readonly principalArn?: string;
  /** The policy statements that allowed the request (policy label and statement id), for the audit trail. */
  readonly matched?: readonly string[];
  readonly accessKeyId?: string;
  readonly status: number;
  readonly errorKind?: FaultKind;
  readonly errorName?: string;
  readonly latencyMs: number;
  /** For an internal error only: the error's class and stack frames, never its message. */
  readonly bug?: string;
}

export interface ExchangeObserver {
  observe(record: ExchangeRecord): void;
}
