export { createLlamaCppProvider } from "./provider.js";
export { discoverGgufModels } from "./model-files.js";
export type { LlamaCppProviderConfig } from "./config.js";
