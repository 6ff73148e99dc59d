import type { Kysely } from "kysely";
import { fault, invalid } from "../kernel/index.js";
import { guarded } from "./faults.js";
import { requireEntity } from "./iam-entities.js";
import type { MfaDeviceRecord } from "./iam-port.js";
import { mfaDeviceFromRow } from "./iam-rows.js";
import { byText, countChange, transact } from "./iam-tx.js";
import type { Database } from "./schema.js";
import { MFA_SERIAL, asBuffer, isoTime } from "./shapes.js";

/**
 * Virtual MFA devices. A device is created unassigned (or assigned, with its enable time),
 * enabled for one user of its account, deactivated, and deleted only once deactivated, as IAM
 * requires. Its seed arrives sealed and leaves as it arrived.
 */
export class IamMfaDevices {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async createMfaDevice(device: MfaDeviceRecord): Promise<void> {
    const match = MFA_SERIAL.exec(device.serialNumber);
    if (!match) throw invalid("serialNumber", "must be arn:aws:iam::<account>:mfa/<path><name>, the name 1 to 226 characters of letters, digits and +=,.@_-");
    if (match[1] !== device.accountId) throw invalid("serialNumber", `must name account ${device.accountId}`);
    if (device.seedCiphertext.byteLength === 0) throw invalid("seedCiphertext", "must not be empty");
    if ((device.userId === undefined) !== (device.enabledAt === undefined)) throw invalid("enabledAt", "must be given exactly when userId is");
    const row = {
      serial_number: device.serialNumber,
      account_id: device.accountId,
      device_name: match[2] as string,
      user_id: device.userId ?? null,
      seed_ciphertext: asBuffer(device.seedCiphertext),
      enabled_at: device.enabledAt ? isoTime("enabledAt", device.enabledAt) : null,
      created_at: isoTime("createdAt", device.createdAt),
      failed_attempts: 0,
    };
    await transact(this.#db, async (trx) => {
      if (device.userId !== undefined) {
        const user = await requireEntity(trx, "user", device.userId);
        if (user.accountId !== device.accountId) throw fault("not-found", `user ${device.userId} does not exist in account ${device.accountId}`);
      }
      await countChange(trx, device.accountId);
      await trx.insertInto("iam_mfa_devices").values(row).execute();
    }, {
      conflict: `an MFA device named ${row.device_name} already exists in account ${device.accountId}`,
      missing: `account ${device.accountId} does not exist`,
    });
  }

  async resealMfaSeed(serialNumber: string, expected: Uint8Array, sealed: Uint8Array): Promise<boolean> {
    if (sealed.byteLength === 0) throw invalid("seedCiphertext", "must not be empty");
    const result = await guarded(() => this.#db.updateTable("iam_mfa_devices").set({ seed_ciphertext: asBuffer(sealed) })
      .where("serial_number", "=", serialNumber).where("seed_ciphertext", "=", asBuffer(expected)).executeTakeFirst());
    return result.numUpdatedRows > 0n;
  }

  async getMfaDevice(serialNumber: string): Promise<MfaDeviceRecord | undefined> {
    const row = await guarded(() => this.#db.selectFrom("iam_mfa_devices").selectAll().where("serial_number", "=", serialNumber).executeTakeFirst());
    return row && mfaDeviceFromRow(row);
  }

  /** A device serves one user: enabling one already enabled is a "conflict". */
  async enableMfaDevice(serialNumber: string, userId: string, at: Date): Promise<void> {
    const when = isoTime("at", at);
    await transact(this.#db, async (trx) => {
      const device = await trx.selectFrom("iam_mfa_devices").select(["account_id", "user_id"]).where("serial_number", "=", serialNumber).executeTakeFirst();
      if (!device) throw fault("not-found", `MFA device ${serialNumber} does not exist`);
      const user = await requireEntity(trx, "user", userId);
      if (user.accountId !== device.account_id) throw fault("not-found", `user ${userId} does not exist in account ${device.account_id}`);
      await countChange(trx, device.account_id);
      const result = await trx
        .updateTable("iam_mfa_devices")
        .set({ user_id: userId, enabled_at: when })
        .where("serial_number", "=", serialNumber)
        .where("user_id", "is", null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw fault("conflict", `MFA device ${serialNumber} is already enabled`);
    });
  }

  /** False when the device does not exist or is not enabled. */
  async deactivateMfaDevice(serialNumber: string): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const device = await trx.selectFrom("iam_mfa_devices").select(["account_id", "user_id"]).where("serial_number", "=", serialNumber).executeTakeFirst();
      if (!device || device.user_id === null) return false;
      await countChange(trx, device.account_id);
      const result = await trx
        .updateTable("iam_mfa_devices")
        .set({ user_id: null, enabled_at: null, failed_attempts: 0, locked_until: null })
        .where("serial_number", "=", serialNumber)
        .where("user_id", "is not", null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    });
  }

  /** By serial number; with `userId`, only the devices enabled for that user. */
  async listMfaDevices(accountId: string, userId?: string): Promise<MfaDeviceRecord[]> {
    const rows = await guarded(() => {
      let query = this.#db.selectFrom("iam_mfa_devices").selectAll().where("account_id", "=", accountId);
      if (userId !== undefined) query = query.where("user_id", "=", userId);
      return query.execute();
    });
    return rows.map(mfaDeviceFromRow).sort(byText((d) => d.serialNumber));
  }

  /** Refused with "conflict" while the device is enabled; its tags go with it. */
  async deleteMfaDevice(serialNumber: string): Promise<boolean> {
    return transact(this.#db, async (trx) => {
      const device = await trx.selectFrom("iam_mfa_devices").select(["account_id", "user_id"]).where("serial_number", "=", serialNumber).executeTakeFirst();
      if (!device) return false;
      await countChange(trx, device.account_id);
      const current = await trx.selectFrom("iam_mfa_devices").select("user_id").where("serial_number", "=", serialNumber).executeTakeFirst();
      if (!current) return false;
      if (current.user_id !== null) throw fault("conflict", `MFA device ${serialNumber} is enabled; deactivate it first`);
      await trx.deleteFrom("iam_tags").where("arn", "=", serialNumber).execute();
      const result = await trx.deleteFrom("iam_mfa_devices").where("serial_number", "=", serialNumber).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }
}
