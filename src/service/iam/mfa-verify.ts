import type { Clock } from "../../kernel/index.js";
import type { SecretBox } from "../../crypto/index.js";
import type { IamStore } from "../../store/iam-port.js";
import { openSeed } from "./mfa-seed.js";
import { matchingStep } from "./totp.js";

/**
 * Checks a code from a user's enabled MFA device, for STS (GetSessionToken and AssumeRole with
 * SerialNumber and TokenCode). A code is accepted within one step (30 s) of now, once: the step
 * is recorded atomically, so the same code, or an older one, is refused afterwards on any node.
 */
export class MfaVerifier {
  constructor(private readonly deps: { readonly iam: Pick<IamStore, "getMfaDevice" | "useMfaStep">; readonly box: SecretBox; readonly clock: Clock }) {}

  /** True when the device is enabled for `userId` and the code is current and unused. */
  async verifyMfaCode(serialNumber: string, code: string, userId: string): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return false;
    const device = await this.deps.iam.getMfaDevice(serialNumber);
    if (!device || device.userId === undefined || device.userId !== userId) return false;
    const step = await matchingStep(await openSeed(this.deps.box, device), code, this.deps.clock.now());
    if (step === undefined) return false;
    return this.deps.iam.useMfaStep(serialNumber, step);
  }
}
