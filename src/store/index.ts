export { openStore } from "./open-store.js";
export type { StoreOptions } from "./open-store.js";
export type { PostgresOptions } from "./postgres.js";
export { SQLITE_FILE } from "./sqlite.js";
export { ACCESS_KEY_ID, ACCOUNT_ID, USER_ID, USER_NAME, USER_PATH } from "./shapes.js";
export type {
  AccessKeyRecord, AccessKeyStatus, AccessKeyUse, AccessKeyWithOwner, AccountRecord, IdentityStore,
  MetaStore, Store, StoreDialect, UserRecord,
} from "./port.js";
