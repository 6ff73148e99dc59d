import { Fault } from "../../kernel/index.js";
import type { FaultKind } from "../../kernel/index.js";

/**
 * What Organizations refuses, finer than a fault kind (it has a not-found per entity). These are
 * domain reasons; src/http/organizations/errors.ts maps them to the service's exception names.
 */
export type OrganizationsReason =
  | "account-not-found" | "create-account-status-not-found" | "policy-not-found" | "root-not-found" | "target-not-found"
  | "policy-not-attached" | "duplicate-policy" | "duplicate-policy-attachment" | "already-in-organization"
  | "policy-type-already-enabled" | "policy-type-not-enabled" | "policy-type-not-available"
  | "policy-in-use" | "malformed-policy" | "invalid-input" | "constraint-violation";

/**
 * Organizations qualifies two of its errors with a `Reason` callers branch on (InvalidInputException:
 * INVALID_NEXT_TOKEN, ...; ConstraintViolationException: POLICY_NUMBER_LIMIT_EXCEEDED, ...). The
 * kernel has no field for it, so it travels on this subclass as `qualifier`.
 */
export class OrganizationsFault extends Fault {
  readonly qualifier?: string;

  constructor(kind: FaultKind, reason: OrganizationsReason, message: string, options: { qualifier?: string; field?: string } = {}) {
    super(kind, message, { reason, ...(options.field !== undefined ? { field: options.field } : {}) });
    if (options.qualifier !== undefined) this.qualifier = options.qualifier;
  }
}

/** InvalidInputException with its qualifier, worded as plinth words every validation failure. */
export function invalidInput(qualifier: string, field: string, problem: string): OrganizationsFault {
  return new OrganizationsFault("validation", "invalid-input",
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${problem}`, { qualifier, field });
}

export function constraintViolation(qualifier: string, message: string): OrganizationsFault {
  return new OrganizationsFault("service-quota-exceeded", "constraint-violation", message, { qualifier });
}

export function notFound(reason: OrganizationsReason, message: string): OrganizationsFault {
  return new OrganizationsFault("not-found", reason, message);
}

export function alreadyExists(reason: OrganizationsReason, message: string): OrganizationsFault {
  return new OrganizationsFault("already-exists", reason, message);
}

/** A request the organisation's current state refuses (a policy type not enabled, ...). */
export function refused(reason: OrganizationsReason, message: string): OrganizationsFault {
  return new OrganizationsFault("validation", reason, message);
}

export function accessDenied(message: string): Fault {
  return new Fault("access-denied", message);
}
