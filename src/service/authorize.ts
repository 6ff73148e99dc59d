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
