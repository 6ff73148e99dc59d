export { AuditTrailReader } from "./lookup.js";
export type { CheckpointKeyInfo, LookupRequest } from "./lookup.js";
