import { fault } from "../../kernel/index.js";
import type { Fault } from "../../kernel/index.js";

/**
 * How an upstream HTTP answer becomes a Fault (see the ModelProvider port). Messages carry the
 * status and, at most, the provider's machine-readable error code: never its message text,
 * which may echo the prompt, and never anything about credentials beyond "they were refused".
 */

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** An upstream error code if it looks like one (a short identifier), else undefined. */
export function safeCode(value: unknown): string | undefined {
  return typeof value === "string" && CODE.test(value) ? value : undefined;
}

function suffix(status: number, code: string | undefined): string {
  return `(upstream status ${status}${code ? `, code ${code}` : ""})`;
}

export function statusFault(status: number, code?: string): Fault {
  const tail = suffix(status, code);
  if (status === 400 || status === 413 || status === 422) {
    return fault("validation", `the model rejected the request as invalid ${tail}`);
  }
  if (status === 401 || status === 403) {
    // Upstream credentials are plinth's own configuration, so the caller cannot fix this and
    // retrying will not help. model-error (424, not retried by the AWS SDKs) with the status
    // tells the operator what broke; service-unavailable would invite retry storms.
    return fault("model-error", `the model provider refused this server's credentials ${tail}`, { originalStatusCode: status });
  }
  if (status === 429) return fault("throttling", `the model provider is throttling requests ${tail}`);
  if (status === 408 || status === 504) return fault("model-timeout", `the model did not answer in time ${tail}`);
  if (status === 529) {
    // Anthropic's "overloaded": a transient, whole-service condition the caller should retry later.
    return fault("service-unavailable", `the model provider is overloaded ${tail}`, { originalStatusCode: status });
  }
  return fault("model-error", `the model provider answered with an error ${tail}`, { originalStatusCode: status });
}

export function streamFault(problem: string): Fault {
  return fault("model-stream-error", `the model's response stream broke: ${problem}`);
}

export function malformedAnswer(status: number, problem: string): Fault {
  return fault("model-error", `the model provider answered with a malformed body: ${problem}`, { originalStatusCode: status });
}

export function timeoutFault(timeoutMs: number): Fault {
  return fault("model-timeout", `the model did not answer within ${timeoutMs} ms`);
}

export function unreachableFault(): Fault {
  return fault("service-unavailable", "the model provider could not be reached");
}

export function closedFault(): Fault {
  return fault("service-unavailable", "the model provider connection is closed");
}
