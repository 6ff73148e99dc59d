export { createLlamaCppProvider } from "./provider.js";
export { discoverGgufModels } from "./model-files.js";
export type { FoundGguf } from "./model-files.js";
export { probeGgufFiles } from "./probe.js";
export { localModelFacts } from "./model-facts.js";
export type { GgufProbe } from "./probe.js";
export { DEFAULT_MAX_TOKENS } from "./config.js";
export type { LlamaCppProviderConfig } from "./config.js";
