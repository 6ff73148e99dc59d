export { ResourcePolicyService, RESOURCE_POLICY_MAX_CHARACTERS } from "./service.js";
export type { Caller, ResourcePolicyPorts } from "./service.js";
export { foundationModels, guardrails } from "./kinds.js";
export type { GuardrailLookup, ModelLookup, ResourcePolicyKind } from "./kinds.js";
