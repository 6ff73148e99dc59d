import type { AuditFields, Fault, RequestContext } from "../kernel/index.js";
import type { ConditionMap } from "../service/authorize.js";
import type { AuthSchemeName } from "./authenticate.js";
import type { Protocol } from "./protocols/protocol.js";

/**
 * An API operation as the pipeline sees it: a route, the SigV4 service it must be signed for,
 * the IAM action it is authorised as, and the named steps the pipeline runs in a fixed order
 * (decode -> resolve -> authorize -> invoke -> encode). Codecs stay pure; `resolve` and `invoke`
 * call the service layer.
 *
 * `I` is what the codec decodes; `R` what `resolve` makes of it: the caller's identifiers turned
 * into the canonical resources they name, once. Authorisation, records and the use case all see
 * `R`, never the caller's spelling.
 */
export interface DecodeInput {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** A request header by lower-case name; only headers covered by the signature are visible. */
  header(name: string): string | undefined;
  readonly body: Buffer;
}

export type Reply =
  | { readonly kind: "json"; readonly status: number; readonly body: unknown; readonly headers?: Record<string, string> }
  | { readonly kind: "bytes"; readonly status: number; readonly contentType: string; readonly body: Uint8Array; readonly headers?: Record<string, string> }
  | {
    readonly kind: "stream"; readonly status: number; readonly headers: Record<string, string>; readonly frames: AsyncIterable<Uint8Array>;
    /** How a fault after the head is framed; an event-stream exception when absent (server-sent events have their own). */
    readonly fault?: (f: Fault) => Uint8Array;
    /**
     * Written once the exchange is recorded, and only then: the end marker a client takes as "complete" (SSE `data: [DONE]`).
     * A function when the marker holds what only the whole stream tells (the Responses API's usage in response.completed).
     */
    readonly trailer?: Uint8Array | (() => Uint8Array);
  };

export interface Operation<I = unknown, O = unknown, R = I> {
  readonly name: string;
  readonly method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  /** Path template with `{label}` segments, e.g. `/model/{modelId}/converse`. */
  readonly path: string;
  readonly signingService: string;
  /** The wire protocol (its error format, how RPC requests name their operation); restJson1 if absent. */
  readonly protocol?: Protocol;
  /** RPC protocols: the name the request gives (awsQuery `Action`, awsJson X-Amz-Target suffix). */
  readonly target?: string;
  /** The IAM action AWS authorises this operation as (Converse -> bedrock:InvokeModel). */
  readonly action: string;
  /**
   * For an operation whose body chooses what it is authorised as (OpenAI chat `stream: true` is
   * bedrock:InvokeModelWithResponseStream): the action for this input, decided after decoding;
   * `action` before that (the record of a refusal that came earlier).
   */
  actionOf?(input: R): string;
  /** The authentication schemes this operation accepts; SigV4 alone when absent. */
  readonly authSchemes?: readonly AuthSchemeName[];
  decode(input: DecodeInput): I;
  /**
   * Turns what the caller named into the canonical resource (one function per resource kind),
   * refusing any other spelling. Absent: the decoded input is already canonical (R = I).
   */
  resolve?(input: I, ctx: RequestContext): R | Promise<R>;
  /** The ARN the action applies to, for authorisation and the audit record. */
  resource(input: R, ctx: RequestContext): string;
  /**
   * How the pipeline authorises: "policy" (default) evaluates the caller's policies for `action`
   * on `resource`; "always" lets every authenticated caller through (AWS answers
   * GetCallerIdentity whatever the policies say); "operation" leaves it to the use case, which
   * needs more than one policy set (AssumeRole weighs the role's trust policy).
   */
  readonly authorization?: "policy" | "always" | "operation";
  /** Condition keys the request itself supplies (e.g. bedrock:GuardrailIdentifier, aws:RequestTag/k). */
  conditions?(input: R, ctx: RequestContext): ConditionMap | undefined;
  /**
   * Further resources the same action is authorised on, each with its own condition keys: all
   * must allow (a call through an inference profile is authorised on the profile and on each
   * foundation model it routes to, as in Bedrock). An entry may name another action: KMS's
   * ReEncrypt is kms:ReEncryptFrom on the source key and kms:ReEncryptTo on the destination.
   */
  alsoAuthorize?(input: R, ctx: RequestContext): readonly { readonly resource: string; readonly conditions?: ConditionMap; readonly action?: string }[];
  /** Where the request's data was processed (a region or jurisdiction), once served: recorded, and sent as a response header. */
  processingRegion?(input: R): string | undefined;
  /**
   * CloudTrail's requestParameters for this call, from the resolved input only: allow-listed,
   * content-free fields (`AuditFields` cannot hold content). Absent: the audit trail records the
   * resolved model id for model calls, and null otherwise.
   */
  auditParameters?(input: R): AuditFields | undefined;
  /**
   * The names, descriptions and tag keys and values the request gives a resource, by request
   * field: checked for personal data (warned of, or refused, per dataProtection.namesWithPersonalData).
   */
  labels?(input: R): readonly { readonly field: string; readonly value: string }[];
  /** A content-free label for logs (e.g. the canonical model id): only ever from the resolved input. */
  subject?(input: R): string | undefined;
  invoke(input: R, ctx: RequestContext): Promise<O>;
  encode(output: O, ctx: RequestContext): Reply;
}

/** Keeps each operation's input/output types checked while the registry holds them uniformly. */
export function defineOperation<I, O, R = I>(op: Operation<I, O, R>): Operation<unknown, unknown, unknown> {
  return op as unknown as Operation<unknown, unknown, unknown>;
}
