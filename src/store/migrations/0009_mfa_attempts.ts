import type { Kysely, Migration } from "kysely";

/**
 * Failed MFA attempts per device, in the store so every node counts the same failures:
 * `failed_attempts` is the run of consecutive failures (a success or a deactivation resets it)
 * and `locked_until` the ISO time before which no code for the device is even evaluated.
 */
export function mfaAttempts(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable("iam_mfa_devices").addColumn("failed_attempts", "integer", (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable("iam_mfa_devices").addColumn("locked_until", "text").execute();
    },
  };
}
