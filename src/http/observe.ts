import type { FaultKind, Principal, RequestNotes, TlsFacts } from "../kernel/index.js";
import type { MatchedStatement } from "../policy/index.js";
import type { AuthSchemeName } from "./authenticate.js";
import type { TraceParent } from "./tracing/trace-context.js";

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
  /** The SigV4 signing service of the routed operation (bedrock, iam, sts, ...): the audit event's source. */
  readonly service?: string;
  readonly action?: string;
  /** The canonical resource ARN, once resolved: never the caller's spelling of it. */
  readonly resource?: string;
  /** What the operation acted on (a canonical model id), only once resolved. */
  readonly subject?: string;
  /** Where the provider that served the request processes data (a region or jurisdiction): set once served. */
  readonly processingRegion?: string;
  readonly principalArn?: string;
  /** The authenticated principal, for the audit record's userIdentity (its facts, not its secrets). */
  readonly principal?: Principal;
  /** The deployment's region, and the TLS facts of the connection. */
  readonly region: string;
  readonly tls?: TlsFacts;
  /** The Host (or :authority) the client sent: CloudTrail's tlsDetails.clientProvidedHostHeader. */
  readonly host?: string;
  /** The caller's W3C trace context, only when its `traceparent` header was well-formed: for the tracing observer. */
  readonly traceParent?: TraceParent;
  /** What the steps noted for the records (usage, retention mode, residency, audit parameters). */
  readonly notes: RequestNotes;
  readonly authScheme?: AuthSchemeName;
  /** The authorisation decision: allowed or not, and the statements that decided (with their policy kind). */
  readonly decision?: { readonly allowed: boolean; readonly statements: readonly MatchedStatement[] };
  /** The pipeline step that refused the request, when one did (authenticate, authorize, admit, guard-input, ...). */
  readonly refusedAt?: StepName;
  readonly accessKeyId?: string;
  readonly status: number;
  readonly errorKind?: FaultKind;
  readonly errorName?: string;
  readonly latencyMs: number;
  /** For an internal error only: the error's class and stack frames, never its message. */
  readonly bug?: string;
}

/** The pipeline's steps, in their fixed order. */
export const STEPS = ["route", "authenticate", "read", "verify", "decode", "resolve", "authorize", "admit", "guard-input", "invoke", "guard-output", "encode"] as const;
export type StepName = (typeof STEPS)[number];

/**
 * The one observer the response waits for: the audit trail. `commit` resolves once the record
 * is durable, and the pipeline holds the response's last bytes until it has, so no client ever
 * holds an answer whose event could be lost. A commit that fails turns the answer into a 503
 * (when none has begun) or an exception event (mid-stream): the service fails closed.
 */
export interface Journal {
  commit(record: ExchangeRecord): Promise<void>;
}

/** Observers watch; one that throws is reported and the others still run. */
export interface ExchangeObserver {
  readonly name?: string;
  observe(record: ExchangeRecord): void;
}
