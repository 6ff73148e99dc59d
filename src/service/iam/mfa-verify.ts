import type { IamStore } from "../../store/iam-port.js";
import { attemptCode } from "./mfa-attempts.js";
import type { MfaAttemptDeps, MfaAttribution } from "./mfa-attempts.js";
import { matchingStep } from "./totp.js";

/**
 * Checks a code from a user's enabled MFA device, for STS (GetSessionToken and AssumeRole with
 * SerialNumber and TokenCode). A code is accepted within one step (30 s) of now, once: the step
 * is recorded atomically, so the same code, or an older one, is refused afterwards on any node.
 * Failures count per device in the store and lock it (see MFA_LOCKOUT), on every node alike.
 */
export class MfaVerifier {
  constructor(private readonly deps: MfaAttemptDeps & { readonly iam: Pick<IamStore, "getMfaDevice"> }) {}

  /** True when the device is enabled for `userId` and the code is current, unused and not locked out. */
  async verifyMfaCode(serialNumber: string, code: string, userId: string, attribution?: MfaAttribution): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return false;
    const device = await this.deps.iam.getMfaDevice(serialNumber);
    // Only the owner's attempts count: another user's guesses are refused before the device is
    // touched, so no one can lock a device that is not theirs.
    if (!device || device.userId === undefined || device.userId !== userId) return false;
    const step = await attemptCode(this.deps, { device, use: "authenticate", attribution, evaluate: (seed, now) => matchingStep(seed, code, now) });
    return step !== undefined;
  }
}
