import type { RequestContext } from "../../kernel/index.js";
import type { AuthzPrincipal, ConditionValue, PolicySet, RequestContextValues } from "../../policy/index.js";
import type { IamStore } from "../../store/iam-port.js";

/** What STS reads of IAM: roles (with their trust policies and tags) and managed policies for sessions. */
export type RoleDirectory = Pick<IamStore, "getRole" | "getPolicy" | "getPolicyVersion" | "listTags">;

/**
 * The IAM service's MFA check. True only when `code` is the device's current TOTP, the device
 * is enabled for `userId`, the code's time step was not used before (the replay guard) and the
 * device is not locked after failed codes. `attribution` names the request in the operator's
 * record of a refusal.
 */
export interface MfaVerifier {
  verifyMfaCode(serialNumber: string, code: string, userId: string, attribution?: { readonly principalArn: string; readonly requestId: string }): Promise<boolean>;
}

export type ExtraContext = ReadonlyMap<string, ConditionValue | readonly ConditionValue[]>;

/**
 * The caller's side of an authorisation decision, as the authorizer assembles it for every
 * request: who the caller is to the engine, the caller's own policies (identity, boundary, the
 * session's policies, SCP levels; never a resource policy), and the request context with
 * `extra` keys merged in (lower-cased keys).
 */
export interface CallerFacts {
  readonly principal: AuthzPrincipal;
  readonly policies: PolicySet;
  readonly context: RequestContextValues;
}

export interface CallerFactsSource {
  callerFacts(ctx: RequestContext, extra: ExtraContext): Promise<CallerFacts>;
}
