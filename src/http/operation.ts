import type { RequestContext } from "../kernel/index.js";
import type { Protocol } from "./protocols/protocol.js";

/**
 * An API operation as the pipeline sees it: a route, the SigV4 service it must be signed for,
 * the IAM action it is authorised as, and the named steps the pipeline runs in a fixed order
 * (decode -> authorize -> invoke -> encode). Codecs stay pure; `invoke` calls the service layer.
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
  | { readonly kind: "stream"; readonly status: number; readonly headers: Record<string, string>; readonly frames: AsyncIterable<Uint8Array> };

export interface Operation<I = unknown, O = unknown> {
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
  decode(input: DecodeInput): I;
  /** The ARN the action applies to, for authorisation and the audit record. */
  resource(input: I, ctx: RequestContext): string;
  /**
   * How the pipeline authorises: "policy" (default) evaluates the caller's policies for `action`
   * on `resource`; "always" lets every authenticated caller through (AWS answers
   * GetCallerIdentity whatever the policies say); "operation" leaves it to the use case, which
   * needs more than one policy set (AssumeRole weighs the role's trust policy).
   */
  readonly authorization?: "policy" | "always" | "operation";
  /** Condition keys the request itself supplies (e.g. bedrock:GuardrailIdentifier, aws:RequestTag/k). */
  conditions?(input: I, ctx: RequestContext): ReadonlyMap<string, string | boolean | number | readonly (string | boolean | number)[]> | undefined;
  /** A content-free label for logs (e.g. the model id). */
  subject?(input: I): string | undefined;
  invoke(input: I, ctx: RequestContext): Promise<O>;
  encode(output: O, ctx: RequestContext): Reply;
}

/** Keeps each operation's input/output types checked while the registry holds them uniformly. */
export function defineOperation<I, O>(op: Operation<I, O>): Operation<unknown, unknown> {
  return op as unknown as Operation<unknown, unknown>;
}
