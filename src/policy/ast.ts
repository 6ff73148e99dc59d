/**
 * A policy after validation: every value already parsed into what evaluation compares (templates,
 * numbers, epoch milliseconds, IP ranges), so compiling it can no longer fail.
 */
import type { IpRange } from "./ip.js";
import type { Operator } from "./operators.js";
import type { Effect, PolicyProblem } from "./types.js";
import type { Template } from "./variables.js";

export type ConditionOperand =
  | { readonly kind: "template"; readonly template: Template }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "date"; readonly ms: number }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "ip"; readonly range: IpRange }
  | { readonly kind: "binary"; readonly base64: string }
  | { readonly kind: "null"; readonly absent: boolean };

export interface ConditionNode {
  readonly operator: Operator;
  /** Lower-cased: condition key names are case-insensitive. */
  readonly key: string;
  readonly operands: readonly ConditionOperand[];
}

export interface PrincipalNode {
  readonly not: boolean;
  /** `"*"` or `{"AWS": "*"}`: everyone. */
  readonly anyone: boolean;
  /** Exact user, role, session and federated-user ARNs. */
  readonly arns: readonly string[];
  /** Accounts, from a bare account id or `arn:aws:iam::<id>:root`. */
  readonly accounts: readonly string[];
  /** Service, Federated and CanonicalUser principals: kept, but no plinth principal is one. */
  readonly others: readonly string[];
}

export interface StatementNode {
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly notAction: boolean;
  readonly actions: readonly string[];
  /** Absent: the statement names no resource (allowed in resource policies: the policy's own resource). */
  readonly resource?: { readonly not: boolean; readonly patterns: readonly Template[] };
  readonly principal?: PrincipalNode;
  readonly conditions: readonly ConditionNode[];
}

export interface PolicyNode {
  readonly version: string | undefined;
  readonly statements: readonly StatementNode[];
}

/** Collects what is wrong (refused) and what is only doubtful (accepted, reported). */
export class Findings {
  readonly errors: PolicyProblem[] = [];
  readonly warnings: PolicyProblem[] = [];
  error(path: string, message: string): void { this.errors.push({ path, message }); }
  warn(path: string, message: string): void { this.warnings.push({ path, message }); }
}
