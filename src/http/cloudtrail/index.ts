export { CLOUDTRAIL_OPERATION_NAMES, cloudTrailOperations } from "./routes.js";
