export { PolicyAuthorizer } from "./policy-authorizer.js";
export { REQUEST_CONTEXT_KEYS, requestContextValues } from "./context-keys.js";
export type { LabelledDocument, PolicySources } from "./ports.js";
