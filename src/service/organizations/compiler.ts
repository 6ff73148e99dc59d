import type { CompiledPolicy, PolicyKind, PolicyProblem } from "../../policy/types.js";

/**
 * The policy engine's `compilePolicy`, taken as a dependency so this layer validates documents
 * exactly as the authorizer will read them, and tests can run before and without the engine.
 */
export type PolicyCompiler = (
  document: string,
  kind: PolicyKind,
  label: string,
  options?: { maxLength?: number },
) => { readonly ok: true; readonly policy: CompiledPolicy } | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

/**
 * What a refusal says: the first few problems with their paths inside the document. The engine
 * words problems without quoting long values, so this never echoes a document back.
 */
export function describeProblems(problems: readonly PolicyProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`));
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : "";
  return shown.join("; ") + more;
}
