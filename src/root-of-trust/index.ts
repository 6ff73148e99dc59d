export { openRootKeys, rootKeySource } from "./open.js";
export { transitRootWrapper } from "./transit.js";
export type { TransitRootSettings } from "./transit.js";
export { awsKmsRootWrapper } from "./aws-kms.js";
export type { AwsKmsRootSettings } from "./aws-kms.js";
