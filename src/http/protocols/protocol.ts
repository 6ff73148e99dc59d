import type { Fault } from "../../kernel/index.js";

/**
 * An AWS wire protocol as the pipeline needs it: how an RPC-style request names its operation,
 * and how a fault is written back. restJson1 (Bedrock) routes by path; awsQuery (IAM, STS) by
 * the `Action` form member; awsJson1.1 (Organizations) by the X-Amz-Target header.
 */
export interface ErrorReply {
  readonly status: number;
  /** The error code as the protocol names it (for logs and tests). */
  readonly code: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What an RPC protocol may read to name the operation: only what the signature covers. */
export interface TargetSource {
  /** A request header by lower-case name, or undefined when the credentials do not cover it. */
  signedHeader(name: string): string | undefined;
  /** A header as received, signed or not (to tell "absent" from "not signed"). */
  header(name: string): string | undefined;
  /** The query as received (covered by every SigV4 signature). */
  readonly rawQuery: string;
  /** The body (covered by the signed payload hash). */
  readonly body: Buffer;
}

export interface Protocol {
  readonly name: "restJson1" | "awsQuery" | "awsJson1_1" | "openai" | "anthropic";
  /**
   * A surface served under its own path prefix (`/openai/`) answers in its own shape even when no
   * route matched: a client of that surface can read the error (never a bare restJson 404).
   */
  readonly pathPrefix?: string;
  /**
   * RPC protocols: the operation the request asks for, read once the body is in and the
   * signature verified, from signed parts only: an unsigned name could turn a replayed
   * presigned read into a delete.
   */
  target?(source: TargetSource): string | undefined;
  /** The fault when no operation of this service matches the target. */
  unknownTarget?(target: string | undefined): Fault;
  error(f: Fault, requestId: string): ErrorReply;
}
