import { Fault } from "../kernel/index.js";
import type { RequestContext } from "../kernel/index.js";

export interface Authorizer {
  /** Throws an access-denied Fault when the principal may not do `action` on `resource`. */
  authorize(ctx: RequestContext, action: string, resource: string): void;
}

/**
 * Default deny with one exception: the administrators created at bootstrap. Until IAM policies
 * arrive (the identity issue replaces this with the policy engine), no other principal exists,
 * and any that did would be refused.
 */
export class AdministratorsOnly implements Authorizer {
  constructor(private readonly administratorArns: ReadonlySet<string>) {}

  authorize(ctx: RequestContext, action: string, resource: string): void {
    if (this.administratorArns.has(ctx.principal.arn)) return;
    throw new Fault("access-denied",
      `User: ${ctx.principal.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`);
  }
}
