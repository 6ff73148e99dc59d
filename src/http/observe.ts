import type { FaultKind } from "../kernel/index.js";

/**
 * What the pipeline tells its observers (logs now; audit and metrics later) once an exchange is
 * over. Every field is content-free by construction: identifiers, names, numbers.
 */
export interface ExchangeRecord {
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly method: string;
  /** The request path without its query (a presigned URL's query carries a signature). */
  readonly path: string;
  readonly httpVersion: string;
  readonly sourceIp: string;
  readonly secureTransport: boolean;
  readonly userAgent?: string;
  readonly operation?: string;
  readonly action?: string;
  readonly resource?: string;
  readonly subject?: string;
  readonly principalArn?: string;
  readonly accessKeyId?: string;
  readonly status: number;
  readonly errorKind?: FaultKind;
  readonly errorName?: string;
  readonly latencyMs: number;
}

export interface ExchangeObserver {
  observe(record: ExchangeRecord): void;
}
