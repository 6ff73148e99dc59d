export { organizationsOperations, ORGANIZATIONS_OPERATION_NAMES } from "./routes.js";
export type { OrganizationsDeps } from "./routes.js";
export { organizationsProtocol, TARGET_PREFIX } from "./protocol.js";
