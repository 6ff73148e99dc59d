/**
 * The pure wire codec of Bedrock Runtime's Converse, ConverseStream and CountTokens:
 * parsed JSON body + model id -> use-case command, and domain result -> response JSON.
 * No I/O; failures are validation Faults naming the wire path.
 */
export { decodeConverseRequest, decodeConverseStreamRequest } from "./converse-decode.js";
export { decodeCountTokensRequest, encodeCountTokensOutput } from "./count-tokens.js";
export { decodeRequestMetadata } from "./options-decode.js";
export type { DecodedCountTokens } from "./count-tokens.js";
export { encodeConverseOutput, encodeContentBlock, encodeUsage } from "./converse-encode.js";
export type { RequestedService, WireConverseOutput, WireContentBlock, WireUsage } from "./converse-encode.js";
export { encodeStreamEvent } from "./stream-encode.js";
export type { EncodedStreamEvent } from "./stream-encode.js";
