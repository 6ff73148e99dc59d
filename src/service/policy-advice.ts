import type { PolicyProblem } from "../policy/index.js";

/**
 * Where the findings about a policy that was accepted go when it is stored (IAM inline and
 * managed policies, trust policies, SCPs, resource policies): Access Analyzer's warnings, such as
 * a condition on a key plinth never supplies for the statement's actions. AWS's APIs have no
 * member for them, so main.ts sends them to the operator's log. Findings name paths and describe;
 * they never quote the document.
 */
export type PolicyAdvice = (label: string, findings: readonly PolicyProblem[]) => void;
