import { Fault } from "../kernel/index.js";
import type { BodyClaim } from "./body-budget.js";
import type { NodeRequest } from "./exchange.js";

/**
 * Receiving a request body: bounded in size, in the budget of bytes held for unverified
 * bodies, and in time. A client that stops sending (a Content-Length longer than what it sends,
 * a chunked body never finished) or trickles for longer than the request may take is refused,
 * and its connection (HTTP/1.1) or stream (HTTP/2) is given up rather than held open for it.
 */
export interface BodyRules {
  /** This body's share of the budget; released when the read ends, however it ends. */
  readonly claim: BodyClaim;
  /** Longest wait for the next byte. */
  readonly idleMs: number;
  /** `performance.now()` by which the whole request must have arrived. */
  readonly deadline: number;
  /** Gives up on the client: called when a timer ends a read, before or after the answer. */
  readonly abandon: () => void;
}

const throttled = (): Fault =>
  new Fault("throttling", "Too many request bodies are being received at once; retry the request later");

export function readBody(req: NodeRequest, limit: number, rules: BodyRules): Promise<Buffer> {
  const { claim } = rules;
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) {
    claim.release();
    return Promise.reject(new Fault("payload-too-large", `Request body of ${declared} bytes exceeds the limit of ${limit} bytes`));
  }
  // A declared length is claimed whole before a byte is read: refused now rather than after
  // buffering part of it. A body of undeclared length (chunked) claims as it arrives.
  if (declared > 0 && !claim.grow(declared)) {
    claim.release();
    return Promise.reject(throttled());
  }
  if (req.destroyed) {
    claim.release();
    return Promise.reject(new Fault("validation", "The request body could not be read"));
  }
  return new Promise((resolve, reject) => {
    // A declared body is copied into one buffer as it arrives, so each chunk is freed at once
    // and the body costs its size once, not twice (chunks, then their concatenation): freed
    // memory the allocator keeps counts towards the process's size long after the request.
    let whole = Number.isSafeInteger(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    // Settled early (refused for size or budget): what still comes is read and dropped, so an
    // HTTP/1.1 connection stays usable, but no longer than the timers allow.
    let settled = false;
    const settle = (outcome: Buffer | Fault): void => {
      if (settled) return;
      settled = true;
      claim.release();
      if (outcome instanceof Fault) {
        // A refused body may still be drained for a while: it keeps none of what it sent.
        chunks.length = 0;
        whole = undefined;
        reject(outcome);
      } else {
        resolve(outcome);
      }
    };
    let idle: NodeJS.Timeout | undefined;
    const stop = (): void => {
      clearTimeout(idle);
      clearTimeout(deadline);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
    };
    const timedOut = (message: string) => (): void => {
      stop();
      rules.abandon();
      settle(new Fault("request-timeout", message));
    };
    const armIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(timedOut(`No part of the request body arrived for ${rules.idleMs} ms`), rules.idleMs);
    };
    const deadline = setTimeout(timedOut("The request did not arrive in the time allowed"), Math.max(0, rules.deadline - performance.now()));
    const onData = (chunk: Buffer): void => {
      armIdle();
      if (settled) return;
      size += chunk.length;
      if (size > limit) return settle(new Fault("payload-too-large", `Request body exceeds the limit of ${limit} bytes`));
      if (size > claim.held && !claim.grow(size - claim.held)) return settle(throttled());
      if (whole === undefined) chunks.push(chunk);
      // node's HTTP/1.1 parser and nghttp2 both hold a body to its Content-Length; this is a guard.
      else if (size > whole.length) settle(new Fault("validation", "The request body is longer than its Content-Length"));
      else chunk.copy(whole, size - chunk.length);
    };
    const onEnd = (): void => {
      stop();
      if (whole !== undefined) settle(size === whole.length ? whole : whole.subarray(0, size));
      else settle(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    // An error or a close before the end: the client reset the stream or the connection.
    const onGone = (): void => {
      stop();
      settle(new Fault("validation", "The request body could not be read"));
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onGone);
    req.once("close", onGone);
    armIdle();
  });
}
