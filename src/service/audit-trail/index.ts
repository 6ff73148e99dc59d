export { AuditTrailReader, LOOKUP_WINDOW_DAYS } from "./lookup.js";
export type { CheckpointKeyInfo, LookupRequest } from "./lookup.js";
