export { AccountRetention } from "./account-retention.js";
export type { StatedRetention } from "./account-retention.js";
export {
  DATA_RETENTION_MODES, DEPLOYMENT_MODE, isDataRetentionMode, postureOf, requireProviderAllowed, requireServiceRetentionAllowed,
} from "./modes.js";
export type { DataRetentionMode, RetentionPosture } from "./modes.js";
export { retentionRequestOf } from "./retention-request.js";
export type { RetentionRequest } from "./retention-request.js";
