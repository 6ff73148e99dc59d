export { ModelResolver } from "./models.js";
export type { ApplicationProfileLookup, EnforcedGuardrailLookup, EnforcedGuardrailRef, ProvisionedLookup, ProvisionedModelRef, ResolvedModel, ResolvedProfile, ResolvedProvisioned } from "./models.js";
export { canonicalGuardrailArn, guardrailOwner, usedGuardrailArn } from "./guardrails.js";
export { idInOwnArn } from "./own-arn.js";
export type { OwnArnRule, ResourceScope } from "./own-arn.js";
