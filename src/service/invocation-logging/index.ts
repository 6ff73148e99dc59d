export { AccountInvocationLogging } from "./account-logging.js";
export type { InvocationLoggingPolicy } from "./account-logging.js";
export { delivers, deliversAnything, kindsOfBlock, kindsOfConversation, omitted, withheld } from "./delivery.js";
export type { ContentKind, Omitted } from "./delivery.js";
export { recordContext } from "./invocation-record.js";
export type { ModelInvocationLog, StreamOutcome } from "./invocation-record.js";
export { DELIVERY_FLAGS, loggingConfigFromJson, loggingConfigToJson } from "./logging-config.js";
export type { LoggingConfig } from "./logging-config.js";
