import type { AccessKeyRecord, AccessKeyStatus, AccountRecord, UserRecord } from "./port.js";
import type { AccessKeysTable, AccountsTable, IamUsersTable } from "./schema.js";
import { asBytes } from "./shapes.js";

/** Row <-> record mapping, kept apart so the repositories read as queries. */
export function accountFromRow(row: AccountsTable): AccountRecord {
  return {
    accountId: row.account_id,
    name: row.name,
    ...(row.email === null ? {} : { email: row.email }),
    createdAt: new Date(row.created_at),
    isManagement: Number(row.is_management) === 1,
  };
}

export function userFromRow(row: IamUsersTable): UserRecord {
  return {
    userId: row.user_id,
    accountId: row.account_id,
    userName: row.user_name,
    path: row.path,
    arn: row.arn,
    createdAt: new Date(row.created_at),
  };
}

export function accessKeyFromRow(row: AccessKeysTable): AccessKeyRecord {
  const base = {
    accessKeyId: row.access_key_id,
    userId: row.user_id,
    secretCiphertext: asBytes(row.secret_ciphertext),
    status: row.status as AccessKeyStatus,
    createdAt: new Date(row.created_at),
  };
  if (row.last_used_at === null) return base;
  return {
    ...base,
    lastUsed: { at: new Date(row.last_used_at), region: row.last_used_region ?? "", service: row.last_used_service ?? "" },
  };
}
