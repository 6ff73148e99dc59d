import { Fault, withinAge } from "../../kernel/index.js";
import type { Clock, Principal, RequestContext } from "../../kernel/index.js";
import { compilePolicy, denialMessage, evaluate } from "../../policy/index.js";
import type { CompiledPolicy, ConditionValue, Decision, IamCatalog, PolicyKind, PolicySet } from "../../policy/index.js";
import { requireAllowed } from "../authorize.js";
import type { PolicyChange, PolicyChanges } from "../policy-changes.js";
import type { AuthorizationDecision, Authorizer } from "../authorize.js";
import { requestContextValues } from "./context-keys.js";
import { LazyContext } from "./lazy-context.js";
import type { CallerFacts, CallerFactsSource, LabelledDocument, PolicySources } from "./ports.js";

type Extra = ReadonlyMap<string, ConditionValue | readonly ConditionValue[]>;

interface PrincipalEntry {
  readonly counter: number;
  checkedAt: number;
  readonly set: Omit<PolicySet, "resource" | "session">;
  readonly tags: ReadonlyMap<string, string>;
  readonly organizationId?: string;
  readonly isManagementAccount: boolean;
}

/**
 * Authorisation by IAM policies, evaluated the way AWS does. A principal's policies are compiled
 * when first needed and kept. A change made on this node is announced through `changes` and
 * drops what it made stale at once, so the next request here sees it; every `recheckMs` the
 * account's change counter is read once, and a change reloads, so an edit made on another node
 * takes effect here within that time.
 */
export class PolicyAuthorizer implements Authorizer, CallerFactsSource {
  /** By `<account>/<user or role id>`, so an account's entries can be found when it changes. */
  readonly #principals = new Map<string, Promise<PrincipalEntry>>();
  readonly #compiled = new Map<string, CompiledPolicy>();
  readonly #sessions = new WeakMap<readonly string[], CompiledPolicy[]>();
  readonly #resources = new Map<string, { at: number; policy: Promise<CompiledPolicy | undefined> }>();

  constructor(
    private readonly sources: PolicySources,
    private readonly clock: Clock,
    private readonly catalog: IamCatalog,
    changes: PolicyChanges,
    private readonly recheckMs = 1000,
  ) {
    changes.subscribe((change) => this.#forget(change));
  }

  async decide(ctx: RequestContext, action: string, resource: string, extra?: Extra): Promise<AuthorizationDecision> {
    const p = ctx.principal;
    // As in AWS: credentials from GetSessionToken without MFA may not call the IAM API at all.
    if (p.type === "IAMUser" && p.session && !p.session.mfaAuthenticatedAt && action.toLowerCase().startsWith("iam:")) {
      return { allowed: false, statements: [], message: `User: ${p.arn} is not authorized to perform: ${action} on resource: ${resource} because IAM calls with temporary credentials require MFA authentication` };
    }
    const [caller, resourcePolicy] = await Promise.all([this.callerFacts(ctx, extra), this.#resourcePolicy(resource)]);
    const decision: Decision = evaluate({
      principal: caller.principal, action, resource, resourceAccount: resourceAccountOf(resource), context: caller.context,
    }, resourcePolicy ? { ...caller.policies, resource: resourcePolicy } : caller.policies);
    if (decision.decision !== "Allow") return { allowed: false, statements: decision.matched, message: denialMessage(ctx.principal.arn, action, resource, decision) };
    return { allowed: true, statements: decision.matched };
  }

  /** `decide`, with a denial thrown as an access-denied fault (for use cases and tests). */
  authorize(ctx: RequestContext, action: string, resource: string, extra?: Extra): Promise<AuthorizationDecision> {
    return requireAllowed(this, ctx, action, resource, extra);
  }

  /**
   * Drops what a change made on this node made stale. A load already under way is dropped too:
   * it may have read the state from before the change.
   */
  #forget(change: PolicyChange): void {
    switch (change.scope) {
      case "resource":
        this.#resources.delete(change.resourceArn);
        return;
      case "organization":
        this.#principals.clear();
        return;
      case "account":
        for (const key of this.#principals.keys()) if (key.startsWith(`${change.accountId}/`)) this.#principals.delete(key);
        return;
    }
  }

  /** The caller's side of a decision (STS evaluates trust policies against it). */
  async callerFacts(ctx: RequestContext, extra?: Extra): Promise<CallerFacts> {
    const entry = await this.#principal(ctx.principal);
    const session = this.#sessionPolicies(ctx.principal);
    return {
      principal: { arn: ctx.principal.arn, accountId: ctx.principal.accountId, roleArn: ctx.principal.roleArn, isManagementAccount: entry.isManagementAccount },
      policies: session ? { ...entry.set, session } : entry.set,
      // Built only if a statement reads it (a condition or a policy variable): most decisions do not.
      context: new LazyContext(() => requestContextValues(ctx, { tags: sessionTags(ctx.principal, entry.tags), organizationId: entry.organizationId }, extra)),
    };
  }

  /**
   * Session policies, compiled once per session: opened tokens are cached, so the same policies
   * array comes back on every request of a session and keys this weak map.
   */
  #sessionPolicies(principal: Principal): CompiledPolicy[] | undefined {
    const documents = principal.session?.policies;
    if (!documents || documents.length === 0) return undefined;
    let compiled = this.#sessions.get(documents);
    if (!compiled) {
      compiled = documents.map((document, i) => this.#compile({ label: `session-policy/${i}`, document }, "session"));
      this.#sessions.set(documents, compiled);
    }
    return compiled;
  }

  async #principal(principal: Principal): Promise<PrincipalEntry> {
    const key = `${principal.accountId}/${principal.roleId ?? principal.userId}`;
    const now = this.clock.now().getTime();
    const cached = this.#principals.get(key);
    if (cached) {
      const entry = await cached;
      if (withinAge(entry.checkedAt, now, this.recheckMs)) return entry;
      entry.checkedAt = now;
      if ((await this.sources.changeCounter(principal.accountId)) === entry.counter) return entry;
    }
    const loading = this.#load(principal, now);
    if (this.#principals.size > 10_000) this.#principals.clear();
    this.#principals.set(key, loading);
    loading.catch(() => { if (this.#principals.get(key) === loading) this.#principals.delete(key); });
    return loading;
  }

  async #load(principal: Principal, now: number): Promise<PrincipalEntry> {
    const counter = await this.sources.changeCounter(principal.accountId);
    const [own, scps, org] = await Promise.all([
      this.sources.principalPolicies(principal),
      this.sources.scpLevels(principal.accountId),
      this.sources.organization(),
    ]);
    const isManagementAccount = org === undefined || org.managementAccountId === principal.accountId;
    return {
      counter, checkedAt: now, tags: own.tags, organizationId: org?.organizationId, isManagementAccount,
      set: {
        identity: own.identity.map((d) => this.#compile(d, "identity")),
        ...(own.boundary ? { boundary: this.#compile(own.boundary, "boundary") } : {}),
        ...(isManagementAccount || scps.length === 0 ? {} : { scpLevels: scps.map((level) => level.map((d) => this.#compile(d, "scp"))) }),
      },
    };
  }

  async #resourcePolicy(resource: string): Promise<CompiledPolicy | undefined> {
    if (resource === "*") return undefined;
    const now = this.clock.now().getTime();
    const cached = this.#resources.get(resource);
    if (cached && withinAge(cached.at, now, this.recheckMs)) return cached.policy;
    if (this.#resources.size > 10_000) this.#resources.clear();
    const policy = this.sources.resourcePolicy(resource).then((d) => (d ? this.#compile(d, d.kind ?? "resource") : undefined));
    this.#resources.set(resource, { at: now, policy });
    policy.catch(() => this.#resources.delete(resource));
    return policy;
  }

  /** Stored documents were validated when attached; one that no longer compiles is a fault of ours. */
  #compile(doc: LabelledDocument, kind: PolicyKind): CompiledPolicy {
    const key = `${kind}\u0000${doc.label}\u0000${doc.document}`;
    const hit = this.#compiled.get(key);
    if (hit) return hit;
    const result = compilePolicy(doc.document, kind, doc.label, { maxLength: Number.MAX_SAFE_INTEGER, catalog: this.catalog });
    if (!result.ok) throw new Fault("internal", "A stored policy could not be compiled", {}, new Error(`policy ${doc.label} does not compile`));
    if (this.#compiled.size > 50_000) this.#compiled.clear();
    this.#compiled.set(key, result.policy);
    return result.policy;
  }
}

/** Session tags override the principal's own tags of the same key, as in AWS. */
function sessionTags(principal: Principal, own: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const tags = principal.session?.tags;
  if (!tags || tags.length === 0) return own;
  const merged = new Map(own);
  for (const t of tags) merged.set(t.key, t.value);
  return merged;
}

/**
 * The account that owns the resource: "" for resources of no account (foundation models) and for
 * AWS's own (`arn:aws:iam::aws:policy/...`), which every account's identity policies may grant.
 */
function resourceAccountOf(arn: string): string {
  const account = arn.split(":")[4] ?? "";
  return /^\d{12}$/.test(account) ? account : "";
}
