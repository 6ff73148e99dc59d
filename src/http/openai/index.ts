/**
 * The OpenAI-compatible surface (/openai/v1): routes, and pure codecs between OpenAI's JSON and
 * the inference vocabulary Converse decodes into.
 */
export { OPENAI_OPERATION_NAMES, openAiOperations } from "./routes.js";
export { openAiProtocol } from "./protocol.js";
