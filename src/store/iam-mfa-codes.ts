import { sql } from "kysely";
import type { Kysely, RawBuilder } from "kysely";
import { invalid } from "../kernel/index.js";
import { guarded } from "./faults.js";
import type { MfaAttempt, MfaLockout } from "./iam-port.js";
import type { Database } from "./schema.js";
import { isoTime } from "./shapes.js";

/**
 * What is recorded about the codes presented for an MFA device: the last time step accepted
 * (the replay guard) and the run of consecutive failures with the lock it earns. Each change is
 * one conditional UPDATE, so it is atomic on both dialects and across nodes; none is an IAM
 * change, so none invalidates policy caches.
 */
export class IamMfaCodes {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Of two racing uses of a step, the second finds `last_step` already at that step and changes
   * nothing. False for a device that does not exist: the caller fails closed.
   */
  async useMfaStep(serialNumber: string, step: number): Promise<boolean> {
    if (!Number.isSafeInteger(step) || step < 0) throw invalid("step", "must be a non-negative integer");
    const result = await guarded(() =>
      this.#db
        .updateTable("iam_mfa_devices")
        .set({ last_step: step, failed_attempts: 0, locked_until: null })
        .where("serial_number", "=", serialNumber)
        .where((eb) => eb.or([eb("last_step", "is", null), eb("last_step", "<", step)]))
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  /**
   * `failed_attempts = failed_attempts + 1` with the lock in the same statement, guarded by "not
   * locked now": the database serialises racing updates of the row, so no count is lost and no
   * attempt slips in between a count reaching the threshold and its lock. ISO times of one
   * format compare as text, in the same order as the instants.
   */
  async claimMfaAttempt(serialNumber: string, now: Date, lockout: MfaLockout): Promise<MfaAttempt | undefined> {
    checkLockout(lockout);
    const at = isoTime("now", now);
    const claimed = await guarded(() =>
      this.#db
        .updateTable("iam_mfa_devices")
        .set({ failed_attempts: sql<number>`${sql.ref("failed_attempts")} + 1`, locked_until: lockAfterThisFailure(lockout, now) })
        .where("serial_number", "=", serialNumber)
        .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", at)]))
        .returning(["failed_attempts", "locked_until"])
        .executeTakeFirst(),
    );
    if (claimed) return attempt(true, claimed.failed_attempts, claimed.locked_until);
    // Locked, or no such device: read which, for the caller's record of the refusal.
    const current = await guarded(() =>
      this.#db.selectFrom("iam_mfa_devices").select(["failed_attempts", "locked_until"]).where("serial_number", "=", serialNumber).executeTakeFirst(),
    );
    return current && attempt(false, current.failed_attempts, current.locked_until);
  }
}

function attempt(admitted: boolean, failures: number | string, lockedUntil: string | null): MfaAttempt {
  return { admitted, failures: Number(failures), ...(lockedUntil === null ? {} : { lockedUntil: new Date(lockedUntil) }) };
}

function checkLockout(lockout: MfaLockout): void {
  if (!Number.isSafeInteger(lockout.threshold) || lockout.threshold < 1) throw invalid("lockout.threshold", "must be a positive integer");
  if (lockout.lockMs.length === 0) throw invalid("lockout.lockMs", "must name at least one duration");
  if (!lockout.lockMs.every((ms) => Number.isSafeInteger(ms) && ms > 0)) throw invalid("lockout.lockMs", "must be positive integers");
}

/**
 * The lock the run earns once it includes this failure (`failed_attempts` in a SET expression
 * is the value before the update, on both dialects): none below the threshold, then each
 * duration of `lockMs` in turn, the last for every failure beyond.
 */
function lockAfterThisFailure(lockout: MfaLockout, now: Date): RawBuilder<string | null> {
  const run = sql`${sql.ref("failed_attempts")} + 1`;
  const until = (ms: number) => sql`cast(${isoTime("lockedUntil", new Date(now.getTime() + ms))} as text)`;
  const last = lockout.lockMs.length - 1;
  const exact = lockout.lockMs.slice(0, last).map((ms, i) => sql`when ${run} = ${lockout.threshold + i} then ${until(ms)}`);
  const steps = exact.length > 0 ? sql`${sql.join(exact, sql` `)} ` : sql``;
  return sql<string | null>`case ${steps}when ${run} >= ${lockout.threshold + last} then ${until(lockout.lockMs[last]!)} else null end`;
}
