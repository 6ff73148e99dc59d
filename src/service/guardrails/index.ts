export { GuardrailControl, MAX_GUARDRAILS_PER_ACCOUNT, MAX_GUARDRAIL_TAGS, MAX_VERSIONS_PER_GUARDRAIL, guardrailNotFound } from "./control.js";
export type { GuardrailControlDeps } from "./control.js";
export type { GuardrailDirectory, GuardrailValidator, ResolvedGuardrail } from "./directory.js";
export type { GuardrailGate, GuardSession, InputVerdict } from "./gate.js";
export { guardrailContext, openPolicies, sealPolicies } from "./sealing.js";
export { profileArnOf, resolveGuardrailProfile } from "./profiles.js";
export type { GuardrailProfile } from "./profiles.js";
export type {
  GuardrailDefinition, GuardrailPage, GuardrailStatus, GuardrailSummary, GuardrailTarget, GuardrailView, GuardrailWritten, NewGuardrail,
} from "./views.js";
