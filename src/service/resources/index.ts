export { ModelResolver } from "./models.js";
export type { ApplicationProfileLookup, EnforcedGuardrailLookup, EnforcedGuardrailRef, ResolvedModel, ResolvedProfile } from "./models.js";
export { canonicalGuardrailArn } from "./guardrails.js";
export { idInOwnArn } from "./own-arn.js";
export type { OwnArnRule, ResourceScope } from "./own-arn.js";
