import { parseArn } from "../../kernel/index.js";
import type { RequestContext } from "../../kernel/index.js";
import { evaluate } from "../../policy/index.js";
import type { AuthzRequest, CompiledPolicy, Decision, PolicyKind, PolicySet } from "../../policy/index.js";
import type { IamDeps } from "./deps.js";
import { invalidInput } from "./errors.js";
import { ordinal, paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { validatePolicy } from "./policy-check.js";
import { conditionKeysFor, contextValues } from "./simulation-context.js";
import type { ContextEntryInput } from "./simulation-context.js";
import { principalPolicies, sourceOf } from "./simulation-sources.js";
import type { LabelledDocument } from "./simulation-sources.js";
import { statementSpans } from "./statement-positions.js";
import type { PolicyHolder, Target } from "./targets.js";
import type { Position } from "./statement-positions.js";
import { checkArn, checkDocument, checkEnum } from "./validate.js";

export interface SimulationRequest extends PageRequest {
  readonly policyInputList?: readonly string[];
  readonly permissionsBoundaryPolicyInputList?: readonly string[];
  /** SimulateCustomPolicy: SCPs by level, root first. */
  readonly organizationPolicyLevels?: readonly (readonly string[])[];
  readonly actionNames: readonly string[];
  readonly resourceArns?: readonly string[];
  readonly resourcePolicy?: string;
  readonly resourceOwner?: string;
  readonly callerArn?: string;
  readonly contextEntries?: readonly ContextEntryInput[];
  readonly resourceHandlingOption?: string;
}

export interface PolicyExclusion {
  readonly policyType?: string;
  readonly policyArn?: string;
}

export interface PrincipalSimulationRequest extends SimulationRequest {
  readonly policySourceArn: string;
  readonly policyExclusionList?: readonly PolicyExclusion[];
}

export interface MatchedStatementView {
  readonly sourcePolicyId: string;
  readonly sourcePolicyType: string;
  readonly startPosition?: Position;
  readonly endPosition?: Position;
}

export type EvalDecision = "allowed" | "explicitDeny" | "implicitDeny";

export interface EvaluationResultView {
  readonly evalActionName: string;
  readonly evalResourceName: string;
  readonly evalDecision: EvalDecision;
  readonly matchedStatements: readonly MatchedStatementView[];
  readonly missingContextValues: readonly string[];
  readonly allowedByPermissionsBoundary?: boolean;
  readonly allowedByOrganizations?: boolean;
}

interface Input extends LabelledDocument {
  readonly kind: PolicyKind;
  /** The request member it came from, for error messages (e.g. `policyInputList.2`). */
  readonly field?: string;
}

/** At most this many action x resource pairs per call: each is a full evaluation. */
export const MAX_EVALUATIONS = 1000;

const DECISIONS: Record<Decision["decision"], EvalDecision> = { Allow: "allowed", ExplicitDeny: "explicitDeny", ImplicitDeny: "implicitDeny" };

/** SimulateCustomPolicy and SimulatePrincipalPolicy, on the same engine that authorises requests. */
export class Simulator {
  constructor(private readonly deps: IamDeps) {}

  async custom(ctx: RequestContext, request: SimulationRequest): Promise<Page<EvaluationResultView>> {
    if (!request.policyInputList || request.policyInputList.length === 0) throw invalidInput("policyInputList", "PolicyInputList must hold at least one policy.");
    return this.#run(ctx, [], undefined, request, request.callerArn ?? ctx.principal.arn);
  }

  async principal(ctx: RequestContext, source: Target<PolicyHolder>, request: Omit<PrincipalSimulationRequest, "policySourceArn">): Promise<Page<EvaluationResultView>> {
    const found = await principalPolicies(this.deps, source);
    const excluded = (label: string, boundary: boolean): boolean => (request.policyExclusionList ?? []).some((e) => {
      const type = e.policyType === undefined ? undefined
        : checkEnum("policyExclusionList.member.policyType", e.policyType, ["inline", "aws-managed", "user-managed", "permission-boundary", "scp", "rcp"] as const);
      const source = sourceOf(label);
      if (e.policyArn !== undefined && e.policyArn === label) return true;
      if (type === "permission-boundary") return boundary;
      if (type === undefined || boundary) return false;
      return type === "inline" ? ["user", "group", "role"].includes(source.type) : type === source.type;
    });
    const identity = found.identity.filter((p) => !excluded(p.label, false)).map((p) => ({ ...p, kind: "identity" as const }));
    const boundary = found.boundary && !excluded(found.boundary.label, true) ? { ...found.boundary, kind: "boundary" as const } : undefined;
    return this.#run(ctx, identity, boundary, request, request.callerArn ?? found.arn);
  }

  async #run(ctx: RequestContext, stored: readonly Input[], storedBoundary: Input | undefined, request: SimulationRequest, principalArn: string): Promise<Page<EvaluationResultView>> {
    const actions = request.actionNames;
    const resources = request.resourceArns?.length ? request.resourceArns : ["*"];
    if (actions.length === 0) throw invalidInput("actionNames", "ActionNames must hold at least one action.");
    actions.forEach((a, i) => { if (a.length < 3 || a.length > 128) throw invalidInput(`actionNames.${i + 1}.member`, "Action names are 3 to 128 characters."); });
    resources.forEach((r, i) => { if (r.length < 1 || r.length > 2048) throw invalidInput(`resourceArns.${i + 1}.member`, "Resource ARNs are 1 to 2048 characters."); });
    if (actions.length * resources.length > MAX_EVALUATIONS) throw invalidInput("actionNames", `At most ${MAX_EVALUATIONS} action and resource pairs can be simulated in one call.`);
    if ((request.permissionsBoundaryPolicyInputList?.length ?? 0) > 1) throw invalidInput("permissionsBoundaryPolicyInputList", "Only one permissions boundary can be simulated.");
    if (request.callerArn !== undefined) checkArn("callerArn", request.callerArn);
    if (request.resourceHandlingOption !== undefined && (request.resourceHandlingOption.length < 1 || request.resourceHandlingOption.length > 64)) {
      throw invalidInput("resourceHandlingOption", "ResourceHandlingOption is 1 to 64 characters.");
    }
    const given = (list: readonly string[] | undefined, field: string, kind: PolicyKind): Input[] =>
      (list ?? []).map((document, i) => ({ label: `${field[0]!.toUpperCase()}${field.slice(1)}.${i + 1}`, document, kind, field: `${field}.${i + 1}` }));
    const identity = [...stored, ...given(request.policyInputList, "policyInputList", "identity")];
    const boundary = given(request.permissionsBoundaryPolicyInputList, "permissionsBoundaryPolicyInputList", "boundary")[0] ?? storedBoundary;
    const scpLevels = (request.organizationPolicyLevels ?? []).map((level, i) => given(level, `orderedOrganizationPolicyInputList.${i + 1}`, "scp"));
    const resourcePolicy: Input | undefined = request.resourcePolicy === undefined ? undefined
      : { label: "ResourcePolicy", document: request.resourcePolicy, kind: "resource", field: "resourcePolicy" };
    const all = [...identity, ...(boundary ? [boundary] : []), ...scpLevels.flat(), ...(resourcePolicy ? [resourcePolicy] : [])];
    // Keyed by input, not label: a policy attached and also set as the boundary is compiled twice, once per kind.
    const compiled = new Map<Input, CompiledPolicy>(all.map((p) => [p, this.#compile(p)]));
    const set: PolicySet = {
      identity: identity.map((p) => compiled.get(p)!),
      ...(boundary ? { boundary: compiled.get(boundary)! } : {}),
      ...(scpLevels.length ? { scpLevels: scpLevels.map((level) => level.map((p) => compiled.get(p)!)) } : {}),
      ...(resourcePolicy ? { resource: compiled.get(resourcePolicy)! } : {}),
    };
    const context = contextValues(request.contextEntries ?? []);
    const owner = request.resourceOwner === undefined ? undefined : /\b(\d{12})\b/.exec(request.resourceOwner)?.[1];
    const documents = new Map(all.map((p) => [p.label, p.document]));
    const results: EvaluationResultView[] = [];
    for (const action of actions) {
      for (const resource of resources) {
        const authz: AuthzRequest = {
          principal: { arn: principalArn, accountId: ctx.principal.accountId, isManagementAccount: scpLevels.length === 0 },
          action, resource,
          resourceAccount: owner ?? (resource === "*" ? ctx.principal.accountId : parseArn(resource)?.account ?? ctx.principal.accountId),
          context,
        };
        const decision = evaluate(authz, set);
        const missing = new Set<string>();
        for (const p of all) for (const key of conditionKeysFor(p.document, action)) if (!context.has(key.toLowerCase())) missing.add(key);
        results.push({
          evalActionName: action, evalResourceName: resource, evalDecision: DECISIONS[decision.decision],
          matchedStatements: decision.matched.map((m) => {
            const source = m.kind === "resource" ? { id: "ResourcePolicy", type: "resource" } : sourceOf(m.policy);
            const span = statementSpans(documents.get(m.policy) ?? "")[m.index];
            return { sourcePolicyId: source.id, sourcePolicyType: source.type, startPosition: span?.start, endPosition: span?.end };
          }),
          missingContextValues: [...missing],
          ...(boundary ? { allowedByPermissionsBoundary: decision.deniedBy !== "boundary" } : {}),
          ...(scpLevels.length ? { allowedByOrganizations: decision.deniedBy !== "scp" } : {}),
        });
      }
    }
    const page = paginate(results.map((result, i) => ({ result, i })), (r) => ordinal(r.i), request);
    return { ...page, items: page.items.map((r) => r.result) };
  }

  #compile(input: Input): CompiledPolicy {
    if (input.field === undefined) return validatePolicy(this.deps.catalog, input.document, input.kind, input.label);
    checkDocument(input.field, input.document);
    return validatePolicy(this.deps.catalog, input.document, input.kind, input.label, (message) => invalidInput(input.field!, `${input.label}: ${message}`));
  }
}
