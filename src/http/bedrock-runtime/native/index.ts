/**
 * Model-native InvokeModel / InvokeModelWithResponseStream bodies, one codec per model family:
 * native request JSON -> ConverseCommand / EmbedCommand, domain result -> native response JSON,
 * domain stream events -> native chunk JSON (the HTTP layer frames each as a `chunk` event).
 */
// The Anthropic family on its own: /anthropic/v1/messages (http/anthropic/) speaks the same body.
export { anthropic } from "./anthropic.js";
export { nativeFamilyFor, baseModelId, decodeNativeForCountTokens } from "./registry.js";
export { METRICS_KEY } from "./metrics.js";
export type { InvocationMetrics } from "./metrics.js";
export type { Millis, NativeDecoded, NativeEmbedOptions, NativeFamily, NativeStreamEncoder } from "./types.js";
