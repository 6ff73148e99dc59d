/**
 * `compilePolicy`: read, validate and compile a policy when it is attached, so that evaluating it
 * on each request parses nothing.
 */
import { Findings } from "./ast.js";
import { loadIamCatalog, type IamCatalog } from "./catalog.js";
import { parseJson, policySize } from "./json.js";
import { defaultSizeRule, usesIamCharset } from "./limits.js";
import { compileStatement, type CompiledStatement } from "./statement.js";
import type { CompiledPolicy, PolicyKind, PolicyProblem } from "./types.js";
import type { SuppliedKeys } from "./supplied-keys.js";
import { validatePolicy } from "./validate.js";

export interface CompileOptions {
  /** The size quota in characters; the default depends on the kind (see limits.ts). */
  readonly maxLength?: number;
  /** Count white space towards the quota (Organizations does; IAM does not). Default by kind. */
  readonly countWhitespace?: boolean;
  /**
   * What AWS defines, for checking actions and condition keys. Pass one shared catalog when compiling
   * many policies; without one, a fresh catalog reads the data files this policy needs.
   */
  readonly catalog?: IamCatalog;
  /**
   * The condition keys plinth supplies per action: with it, a condition on a key that none of its
   * statement's actions supplies is reported as a warning (the policy is still accepted).
   */
  readonly supplied?: SuppliedKeys;
}

export type CompileResult =
  | { readonly ok: true; readonly policy: CompiledPolicy; readonly warnings: readonly PolicyProblem[] }
  | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

/** What `CompiledPolicy.compiled` holds; opaque outside this folder. */
export interface CompiledBody {
  readonly statements: readonly CompiledStatement[];
}

export function compilePolicy(document: string | unknown, kind: PolicyKind, label: string, options: CompileOptions = {}): CompileResult {
  const rule = defaultSizeRule(kind);
  const maxLength = options.maxLength ?? rule.maxLength;
  const countWhitespace = options.countWhitespace ?? rule.countWhitespace;
  const text = typeof document === "string" ? document : JSON.stringify(document) ?? "";
  const problems: PolicyProblem[] = [];
  const size = policySize(text, countWhitespace);
  if (size > maxLength) {
    problems.push({ path: "", message: `the policy is ${size} characters${countWhitespace ? "" : " (not counting white space)"}, over the limit of ${maxLength}` });
  }
  if (usesIamCharset(kind)) {
    const bad = firstOutsideCharset(text);
    if (bad !== undefined) problems.push({ path: "", message: `character U+${bad.toString(16).toUpperCase().padStart(4, "0")} is not allowed in a policy (only tab, line feed, carriage return and U+0020 to U+00FF)` });
  }
  let doc: unknown = document;
  if (typeof document === "string") {
    const parsed = parseJson(document);
    if (!parsed.ok) return { ok: false, problems: [...problems, ...parsed.problems] };
    doc = parsed.value;
  }
  const findings = new Findings();
  const node = validatePolicy(doc, kind, { catalog: options.catalog ?? loadIamCatalog(), supplied: options.supplied }, findings);
  problems.push(...findings.errors);
  if (problems.length > 0 || !node) return { ok: false, problems };
  const body: CompiledBody = { statements: node.statements.map((s) => compileStatement(s, label, kind)) };
  const policy: CompiledPolicy = Object.freeze({ label, kind, statementCount: body.statements.length, compiled: body });
  return { ok: true, policy, warnings: findings.warnings };
}

export function statementsOf(policy: CompiledPolicy): readonly CompiledStatement[] {
  return (policy.compiled as CompiledBody).statements;
}

function firstOutsideCharset(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) return c;
  }
  return undefined;
}
