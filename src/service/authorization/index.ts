export { PolicyAuthorizer } from "./policy-authorizer.js";
export { requestContextValues } from "./context-keys.js";
export type { LabelledDocument, PolicySources } from "./ports.js";
