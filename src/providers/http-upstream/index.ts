export { HttpUpstream } from "./call.js";
export type { HttpUpstreamOptions, UpstreamPost } from "./call.js";
export { SseDecoder } from "./sse.js";
export type { SseMessage } from "./sse.js";
export { ByteLimit, DEFAULT_LIMITS, ResponseTooLarge } from "./limits.js";
export type { ResponseLimits } from "./limits.js";
export { safeCode, statusFault, streamFault, malformedAnswer, timeoutFault, unreachableFault, closedFault } from "./faults.js";
export { isRecord, tokenCount, base64 } from "./json.js";
export { pickResponseFields, parsePointer, checkResponseFieldPaths } from "./response-fields.js";
