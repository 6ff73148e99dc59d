import type { Fault } from "../../kernel/index.js";
import type { Exchange } from "../exchange.js";

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

export interface Protocol {
  readonly name: "restJson1" | "awsQuery" | "awsJson1_1";
  /** RPC protocols: the operation the request asks for, read once the body is in. */
  target?(ex: Exchange, body: Buffer): string | undefined;
  /** The fault when no operation of this service matches the target. */
  unknownTarget?(target: string | undefined): Fault;
  error(f: Fault, requestId: string): ErrorReply;
}
