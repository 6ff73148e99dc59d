export { migrationProvider } from "./provider.js";
export { SQLITE_TYPES, POSTGRES_TYPES } from "./dialect-types.js";
export type { DialectTypes } from "./dialect-types.js";
