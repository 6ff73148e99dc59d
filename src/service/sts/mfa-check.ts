import { Fault } from "../../kernel/index.js";
import type { RequestContext } from "../../kernel/index.js";
import type { MfaVerifier } from "./ports.js";
import type { MfaInput } from "./types.js";

/**
 * MFA presented with a request (SerialNumber + TokenCode) belongs to the IAM user making it.
 * A wrong code, a device not enabled for that user, a replayed code, a device locked after
 * failed codes and a caller that is not a user all get the same answer, so the refusal says
 * nothing about which it was: in particular it does not tell an attacker when a lock ends, nor
 * whether a serial number is the caller's device. The operator's log tells them apart.
 */
export async function checkMfa(verifier: MfaVerifier, input: MfaInput, ctx: RequestContext): Promise<void> {
  const principal = ctx.principal;
  const ok = principal.type === "IAMUser"
    && await verifier.verifyMfaCode(input.serialNumber, input.tokenCode, principal.userId, { principalArn: principal.arn, requestId: ctx.requestId });
  if (!ok) throw new Fault("access-denied", "MultiFactorAuthentication failed with invalid MFA one time pass code.");
}
