import { Fault, isFault } from "../../kernel/index.js";
import type { FaultKind } from "../../kernel/index.js";

/**
 * The faults IAM answers with, worded as IAM words them. Messages name entities and limits,
 * never a policy document, a secret or a seed.
 *
 * IAM tells two kinds of bad input apart: a value outside the API model's constraints (pattern,
 * length, range, enum) is a `ValidationError`; input that is well formed but makes no sense
 * (a duplicate tag key, an ARN naming nothing IAM knows) is `InvalidInput`. Both are
 * "validation" faults; the first carries the domain reason `constraint`, which src/http/iam maps
 * to IAM's code (as it maps the other reasons below).
 */
export const IAM_REASONS = { constraint: "constraint", invalidAuthenticationCode: "invalid-authentication-code", serviceNotSupported: "service-not-supported" } as const;

export function constraint(field: string, problem: string): Fault {
  return new Fault("validation", `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${problem}`, { field, reason: IAM_REASONS.constraint });
}

export function invalidInput(field: string, message: string): Fault {
  return new Fault("validation", message, { field });
}

export const noSuchEntity = (message: string): Fault => new Fault("not-found", message);
export const alreadyExists = (message: string): Fault => new Fault("already-exists", message);
export const deleteConflict = (message: string): Fault => new Fault("in-use", message);
export const limitExceeded = (message: string): Fault => new Fault("service-quota-exceeded", message);
export const malformedPolicy = (message: string): Fault => new Fault("malformed-policy", message);
/** EnableMFADevice with codes that do not verify (IAM's InvalidAuthenticationCode, 403). */
export const invalidAuthenticationCode = (message: string): Fault =>
  new Fault("access-denied", message, { reason: IAM_REASONS.invalidAuthenticationCode });

/**
 * Runs a store call and replaces a fault of one kind with IAM's own: the store reports a
 * duplicate as "conflict" and a refused delete as "conflict" too, which IAM calls
 * EntityAlreadyExists and DeleteConflict.
 */
export async function translating<T>(call: Promise<T>, kind: FaultKind, replacement: () => Fault): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (isFault(error) && error.kind === kind) throw replacement();
    throw error;
  }
}
