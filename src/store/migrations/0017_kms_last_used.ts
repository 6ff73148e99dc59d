import type { Kysely, Migration } from "kysely";

/**
 * When a KMS key was last used for cryptography (Encrypt, Decrypt, ReEncrypt, data keys), for
 * the kms:TrailingDaysWithoutKeyUsage condition key of ScheduleKeyDeletion and DisableKey. Null
 * until first use. Written at most once a day per key, so the hot path stays a read.
 */
export function kmsLastUsed(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable("kms_keys").addColumn("last_used_at", "text").execute();
    },
  };
}
