import { POLICY_SIZE_LIMITS, compilePolicy, policySize as engineSize } from "../../policy/index.js";
import type { CompiledPolicy, CompileOptions, IamCatalog, PolicyKind } from "../../policy/index.js";
import type { Fault } from "../../kernel/index.js";
import type { IamDeps } from "./deps.js";
import { limitExceeded, malformedPolicy } from "./errors.js";

/**
 * The one place the IAM use cases call the policy engine, and IAM's size quotas (the engine's
 * figures: managed 6,144; inline, per entity and all together, user 2,048, group 5,120, role
 * 10,240; trust 2,048), counted as IAM counts them, white space outside strings not counted.
 */
export const POLICY_SIZE = POLICY_SIZE_LIMITS;

export const policySize = (document: string): number => engineSize(document, false);

const MAX_PROBLEMS_SHOWN = 3;

/**
 * Compiles a document or throws MalformedPolicyDocument naming where in the document each
 * problem is. The engine's problems name paths and describe; they never repeat the document.
 * Size quotas are checked by the callers first (IAM answers those with LimitExceeded), so the
 * engine's own per-kind ceiling is lifted here.
 */
export function validatePolicy(
  catalog: IamCatalog | undefined, document: string, kind: PolicyKind, label: string,
  refuse: (message: string) => Fault = malformedPolicy,
): CompiledPolicy {
  return compileOrRefuse(document, kind, label, { catalog }, refuse).policy;
}

/**
 * `validatePolicy` for a document about to be stored: what is accepted with findings (a
 * condition on a key plinth never supplies, ...) is reported through `IamDeps.advise`.
 */
export function validateStored(deps: IamDeps, document: string, kind: PolicyKind, label: string): CompiledPolicy {
  const { policy, warnings } = compileOrRefuse(document, kind, label, { catalog: deps.catalog, supplied: deps.supplied }, malformedPolicy);
  if (warnings.length > 0) deps.advise?.(label, warnings);
  return policy;
}

function compileOrRefuse(document: string, kind: PolicyKind, label: string, options: CompileOptions, refuse: (message: string) => Fault) {
  const result = compilePolicy(document, kind, label, { ...options, maxLength: Number.MAX_SAFE_INTEGER });
  if (result.ok) return result;
  const shown = result.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  const more = result.problems.length - shown.length;
  throw refuse(`${shown.join("; ")}${more > 0 ? ` (and ${more} more)` : ""}`);
}

export function requireSize(size: number, quota: number, message: string): void {
  if (size > quota) throw limitExceeded(message);
}
