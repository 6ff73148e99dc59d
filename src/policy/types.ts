/**
 * The policy engine's vocabulary. The engine is a pure library: the caller supplies the request
 * and every applicable policy; it does no I/O, denies by default and lets an explicit deny win.
 */

/** What a policy is for decides which elements it may and must have. */
export type PolicyKind =
  | "identity"   // attached to a user, group or role (inline or managed)
  | "boundary"   // a permissions boundary (identity grammar; only limits)
  | "session"    // passed to AssumeRole / GetFederationToken (identity grammar; only limits)
  | "scp"        // an Organizations service control policy
  | "resource"   // attached to a resource (e.g. a Bedrock resource policy); has Principal
  | "trust"      // a role's trust policy (resource grammar, action sts:AssumeRole...)
  | "key";       // a KMS key policy (resource grammar): it must allow, as a trust policy must

export interface PolicyProblem {
  /** Where in the document, e.g. `Statement[1].Condition.StringEquals.aws:SourceIp`. */
  readonly path: string;
  /** Lower-case, says what is wrong; quotes the offending value only when it is short. */
  readonly message: string;
}

export type ConditionValue = string | boolean | number;

/**
 * Request context keys and values, as AWS presents them to conditions. Keys are compared
 * case-insensitively (store them lower-cased); multi-valued keys (aws:TagKeys) are arrays.
 * A key that is absent is simply not in the map.
 */
export type RequestContextValues = ReadonlyMap<string, ConditionValue | readonly ConditionValue[]>;

export interface AuthzPrincipal {
  /** e.g. arn:aws:iam::123456789012:user/alice or arn:aws:sts::123456789012:assumed-role/r/s */
  readonly arn: string;
  readonly accountId: string;
  /** For role sessions: the role's ARN (resource policies may name the role, not the session). */
  readonly roleArn?: string;
  /** The management account's principals are never restricted by SCPs. */
  readonly isManagementAccount: boolean;
  /** The account root user (`arn:aws:iam::<acct>:root`). */
  readonly isRoot?: boolean;
}

export interface AuthzRequest {
  readonly principal: AuthzPrincipal;
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource ("" for foundation models, which belong to none). */
  readonly resourceAccount: string;
  readonly context: RequestContextValues;
}

/** Every policy that applies to one request, grouped by kind. Compiled once, reused. */
export interface PolicySet {
  readonly identity: readonly CompiledPolicy[];
  /** Absent: no boundary is set (so none limits). */
  readonly boundary?: CompiledPolicy;
  /** Absent: no session policy was passed. Present: the session is limited to what it allows. */
  readonly session?: readonly CompiledPolicy[];
  /**
   * SCPs by level of the organisation, root first: each level must allow the action. Absent or
   * empty for principals of the management account, whom SCPs never restrict.
   */
  readonly scpLevels?: readonly (readonly CompiledPolicy[])[];
  readonly resource?: CompiledPolicy;
}

export type Effect = "Allow" | "Deny";

export interface MatchedStatement {
  /** The label the caller gave the policy when compiling it (e.g. its ARN, or `user/alice:inline/p1`). */
  readonly policy: string;
  readonly kind: PolicyKind;
  readonly sid?: string;
  /** Position of the statement in the document's Statement array (0 for a single statement). */
  readonly index: number;
  readonly effect: Effect;
}

export type DecisionKind = "Allow" | "ExplicitDeny" | "ImplicitDeny";

export interface Decision {
  readonly decision: DecisionKind;
  /** Statements that matched and decided or contributed (denies first). */
  readonly matched: readonly MatchedStatement[];
  /**
   * For a deny: the kind of policy that caused it, as AWS words it in AccessDenied messages
   * ("because no identity-based policy allows", "with an explicit deny in a service control
   * policy", "because no permissions boundary allows", ...).
   */
  readonly deniedBy?: PolicyKind;
}

/** A parsed, validated, pre-compiled policy: matchers built once when it is attached. */
export interface CompiledPolicy {
  readonly label: string;
  readonly kind: PolicyKind;
  /** The number of statements, for limits and display. */
  readonly statementCount: number;
  /** Opaque to callers; the engine's compiled statements. */
  readonly compiled: unknown;
}
