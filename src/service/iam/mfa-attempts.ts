import type { Clock } from "../../kernel/index.js";
import type { SecretBox } from "../../crypto/index.js";
import type { IamStore, MfaDeviceRecord, MfaLockout } from "../../store/iam-port.js";
import { openSeed } from "./mfa-seed.js";

/**
 * The lockout policy for MFA codes. Without one a caller holding a user's keys could try codes
 * at hundreds a second and find one in minutes; AWS, too, stops taking a device's codes after
 * repeated failures.
 *
 * Five consecutive failures (room for typos and a drifting clock) lock the device for a minute;
 * after that each further failure, until a success, locks it again for twice as long: 2, 4, 8,
 * then 15 minutes at most. So an attacker gets five guesses, then one per lock, about four an
 * hour at the cap, each with a 3 in 10^6 chance (three time steps are accepted), and every
 * one is logged. We do not lock until an administrator acts, as AWS can: then anyone holding a
 * user's keys could keep that user's device locked for good; 15 minutes bounds that harm, and
 * an administrator can still clear a lock at once by deactivating the device and enabling it again.
 */
export const MFA_LOCKOUT: MfaLockout = { threshold: 5, lockMs: [1, 2, 4, 8, 15].map((minutes) => minutes * 60_000) };

/** Who presented a code, for the operator's record; never the code itself. */
export interface MfaAttribution {
  /** The caller's ARN. */
  readonly principalArn: string;
  readonly requestId: string;
}

/**
 * A code refused for a device, reported to the operator (the composition root logs it).
 * Content-free by construction: it has no field that could hold a code or a seed.
 */
export interface MfaRefusal {
  /** The device's serial number (its ARN). */
  readonly serialNumber: string;
  /** "authenticate": STS (GetSessionToken, AssumeRole); "enable": EnableMFADevice. */
  readonly use: "authenticate" | "enable";
  /**
   * "invalid-code": no accepted step matched; "replayed-code": the code's step was used before;
   * "locked": the device was locked, so the code was not evaluated (and not counted).
   */
  readonly reason: "invalid-code" | "replayed-code" | "locked";
  /** The run of consecutive failures on the device, this one included unless locked. */
  readonly failures: number;
  /** Set while the device is locked. */
  readonly lockedUntil?: Date;
  readonly principalArn?: string;
  readonly requestId?: string;
}

export interface MfaAttemptDeps {
  readonly iam: Pick<IamStore, "claimMfaAttempt" | "useMfaStep">;
  readonly box: SecretBox;
  readonly clock: Clock;
  readonly onMfaRefusal?: (refusal: MfaRefusal) => void;
}

export interface CodeAttempt {
  readonly device: MfaDeviceRecord;
  readonly use: MfaRefusal["use"];
  readonly attribution?: MfaAttribution;
  /** The time step the presented code(s) prove under `seed` at `now`; undefined for none. */
  readonly evaluate: (seed: string, now: Date) => Promise<number | undefined>;
}

/**
 * One attempt at a device's code, under the lockout: the attempt is counted before the code is
 * checked, and while the device is locked the seed is not even opened, so a refusal then says
 * nothing about the code (the lock itself may show in the timing; the code cannot). A code whose
 * step was used before counts as a failure like a wrong one: were it not counted, the lock would
 * come one guess later after a right but spent code, and tell an attacker it had been right.
 * Answers the step accepted (recorded, with the run of failures cleared), or undefined.
 */
export async function attemptCode(deps: MfaAttemptDeps, attempt: CodeAttempt): Promise<number | undefined> {
  const { serialNumber } = attempt.device;
  const now = deps.clock.now();
  const claim = await deps.iam.claimMfaAttempt(serialNumber, now, MFA_LOCKOUT);
  if (claim === undefined) return undefined;
  const report = (reason: MfaRefusal["reason"]): undefined => {
    const refusal: MfaRefusal = {
      serialNumber, use: attempt.use, reason, failures: claim.failures,
      ...(claim.lockedUntil ? { lockedUntil: claim.lockedUntil } : {}),
      ...(attempt.attribution ? { principalArn: attempt.attribution.principalArn, requestId: attempt.attribution.requestId } : {}),
    };
    // An observer: whatever it does, it cannot change the answer.
    try { deps.onMfaRefusal?.(refusal); } catch { /* ignored */ }
    return undefined;
  };
  if (!claim.admitted) return report("locked");
  const step = await attempt.evaluate(await openSeed(deps.box, attempt.device), now);
  if (step === undefined) return report("invalid-code");
  if (!(await deps.iam.useMfaStep(serialNumber, step))) return report("replayed-code");
  return step;
}
