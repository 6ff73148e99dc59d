import { Fault } from "../kernel/index.js";
import type { RequestContext } from "../kernel/index.js";

export interface AuthorizationResult {
  /** Statement ids (or policy#index) that allowed the request, for the audit record. */
  readonly matched: readonly string[];
}

export interface Authorizer {
  /**
   * Throws an access-denied Fault when the principal may not do `action` on `resource`.
   * `extra` holds condition keys the operation itself supplies (bedrock:GuardrailIdentifier, aws:RequestTag/...).
   */
  authorize(ctx: RequestContext, action: string, resource: string, extra?: ReadonlyMap<string, string | boolean | number | readonly (string | boolean | number)[]>): Promise<AuthorizationResult>;
}

/**
 * Default deny with one exception: the administrators created at bootstrap. Until IAM policies
 * arrive (the identity issue replaces this with the policy engine), no other principal exists,
 * and any that did would be refused.
 */
export class AdministratorsOnly implements Authorizer {
  constructor(private readonly administratorArns: ReadonlySet<string>) {}

  async authorize(ctx: RequestContext, action: string, resource: string): Promise<AuthorizationResult> {
    if (this.administratorArns.has(ctx.principal.arn)) return { matched: [] };
    throw new Fault("access-denied",
      `User: ${ctx.principal.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`);
  }
}
