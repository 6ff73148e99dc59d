import type { KeyHeader } from "../bearer-scheme.js";
import { ANTHROPIC_PATH_PREFIX } from "./protocol.js";

/**
 * Anthropic's Messages API (`/anthropic/v1/...`): routes, the codec between its bodies and the
 * domain commands (through the Anthropic family codec of InvokeModel), and its error protocol.
 */
export { ANTHROPIC_OPERATION_NAMES, anthropicOperations } from "./routes.js";
export { anthropicProtocol, ANTHROPIC_PATH_PREFIX } from "./protocol.js";

/**
 * Anthropic's clients (curl examples, older SDKs, hand-set headers) send the key in `x-api-key`;
 * a Bedrock API key is accepted there on this surface's paths only (never elsewhere).
 */
export const ANTHROPIC_KEY_HEADER: KeyHeader = { header: "x-api-key", pathPrefix: ANTHROPIC_PATH_PREFIX };
