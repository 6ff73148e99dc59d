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
  readonly name: "restJson1" | "awsQuery" | "awsJson1_1" | "anthropic";
  /**
   * A surface that owns every path under a prefix (`/anthropic/`): a request there that matches
   * no route is refused in this protocol's error shape, which its clients can read.
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
  /**
   * How a fault travels once a streamed answer has begun (its head is out), for a protocol whose
   * streams are not AWS event streams (server-sent events); an event-stream exception otherwise.
   */
  streamError?(f: Fault, requestId: string): Uint8Array;
}
