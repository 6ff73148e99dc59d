import { Fault } from "../../kernel/index.js";
import type { FaultKind } from "../../kernel/index.js";

/**
 * Organizations names its errors finely (a not-found exception per entity) and qualifies two of
 * them with a `Reason` (InvalidInputException, ConstraintViolationException), which callers
 * branch on. The code travels in `FaultDetail.code`; the reason, which the kernel has no field
 * for, on this subclass, read only by the Organizations protocol.
 */
export class OrganizationsFault extends Fault {
  readonly reason?: string;

  constructor(kind: FaultKind, code: string, message: string, options: { reason?: string; field?: string } = {}) {
    super(kind, message, { code, ...(options.field !== undefined ? { field: options.field } : {}) });
    if (options.reason !== undefined) this.reason = options.reason;
  }
}

/** InvalidInputException with its reason, worded as plinth words every validation failure. */
export function invalidInput(reason: string, field: string, problem: string): OrganizationsFault {
  return new OrganizationsFault("validation", "InvalidInputException",
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${problem}`, { reason, field });
}

export function constraintViolation(reason: string, message: string): OrganizationsFault {
  return new OrganizationsFault("service-quota-exceeded", "ConstraintViolationException", message, { reason });
}

export function notFound(code: string, message: string): OrganizationsFault {
  return new OrganizationsFault("not-found", code, message);
}

export function alreadyExists(code: string, message: string): OrganizationsFault {
  return new OrganizationsFault("already-exists", code, message);
}

/** A request the organisation's current state refuses (a policy type not enabled, ...). */
export function refused(code: string, message: string): OrganizationsFault {
  return new OrganizationsFault("validation", code, message);
}

export function accessDenied(message: string): OrganizationsFault {
  return new OrganizationsFault("access-denied", "AccessDeniedException", message);
}
