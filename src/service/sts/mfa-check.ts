import { Fault } from "../../kernel/index.js";
import type { Principal } from "../../kernel/index.js";
import type { MfaVerifier } from "./ports.js";
import type { MfaInput } from "./types.js";

/**
 * MFA presented with a request (SerialNumber + TokenCode) belongs to the IAM user making it.
 * A wrong code, a device not enabled for that user, a replayed code and a caller that is not a
 * user all get the same answer, so the refusal says nothing about which it was.
 */
export async function checkMfa(verifier: MfaVerifier, input: MfaInput, principal: Principal): Promise<void> {
  const ok = principal.type === "IAMUser" && await verifier.verifyMfaCode(input.serialNumber, input.tokenCode, principal.userId);
  if (!ok) throw new Fault("access-denied", "MultiFactorAuthentication failed with invalid MFA one time pass code.");
}
