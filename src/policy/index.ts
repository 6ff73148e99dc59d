/** The policy engine's import surface: compile when a policy is attached, evaluate on each request. */
export { compilePolicy } from "./compile.js";
export type { CompileOptions, CompileResult } from "./compile.js";
export { evaluate } from "./evaluate.js";
export { denialMessage } from "./message.js";
export { loadIamCatalog, PLINTH_SERVICES } from "./catalog.js";
export { SuppliedKeys } from "./supplied-keys.js";
export type { ConditionKeyDeclaration, ConditionKeyDeclarations } from "./supplied-keys.js";
export type { IamCatalog, ExtraService, KeyInfo } from "./catalog.js";
export { POLICY_SIZE_LIMITS, defaultSizeRule } from "./limits.js";
export type { SizeRule } from "./limits.js";
export { policySize } from "./json.js";
export { runPolicyBenchmark } from "./bench.js";
export type { PolicyBenchmark } from "./bench.js";
export type {
  PolicyKind, PolicyProblem, ConditionValue, RequestContextValues, AuthzPrincipal, AuthzRequest,
  PolicySet, Effect, MatchedStatement, DecisionKind, Decision, CompiledPolicy,
} from "./types.js";
