/**
 * The policy grammar, per kind of policy. What AWS refuses is an error (the policy is not
 * attached); what AWS accepts but Access Analyzer flags is a warning. Where this code is unsure
 * whether AWS accepts something, it accepts it.
 *
 * Problems say where (a path into the document) and what is wrong with it, in words of the
 * grammar; never the value found there, which is the caller's text (an account id, a tag value,
 * a secret pasted by mistake) and would travel into error answers and logs.
 */
import { Findings, type PolicyNode, type StatementNode } from "./ast.js";
import type { IamCatalog } from "./catalog.js";
import { childPath, indexPath } from "./json.js";
import { readConditions, type ConditionScope } from "./validate-condition.js";
import { checkActions, concreteActions, readPrincipal, readResources, readStringList } from "./validate-elements.js";
import type { SuppliedKeys } from "./supplied-keys.js";
import type { Effect, PolicyKind } from "./types.js";

interface KindRules {
  readonly principal: "forbidden" | "required";
  readonly notPrincipal: boolean;
  readonly resource: "required" | "optional" | "forbidden";
  /** IAM and STS documents: Sids are [A-Za-z0-9]* and unique within the policy. */
  readonly iamSids: boolean;
}

const RULES: Record<PolicyKind, KindRules> = {
  identity: { principal: "forbidden", notPrincipal: false, resource: "required", iamSids: true },
  boundary: { principal: "forbidden", notPrincipal: false, resource: "required", iamSids: true },
  session: { principal: "forbidden", notPrincipal: false, resource: "required", iamSids: true },
  // Organizations refuses Principal in SCPs; since 2025 SCPs take the rest of the IAM language.
  scp: { principal: "forbidden", notPrincipal: false, resource: "required", iamSids: false },
  // Resource policies may leave Resource out: it then means the resource the policy is attached to.
  resource: { principal: "required", notPrincipal: true, resource: "optional", iamSids: false },
  // Role trust policies: the role is the resource, so Resource is refused, as is NotPrincipal.
  trust: { principal: "required", notPrincipal: false, resource: "forbidden", iamSids: true },
  // KMS key policies: Resource is required ("*", the key itself), as KMS requires it.
  key: { principal: "required", notPrincipal: true, resource: "required", iamSids: false },
};

const TOP = ["Version", "Id", "Statement"];
const ELEMENTS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

export interface ValidationScope {
  readonly catalog: IamCatalog;
  readonly supplied?: SuppliedKeys;
}

export function validatePolicy(doc: unknown, kind: PolicyKind, { catalog, supplied }: ValidationScope, f: Findings): PolicyNode | undefined {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) { f.error("", "a policy must be a JSON object"); return undefined; }
  const top = doc as Record<string, unknown>;
  for (const k of Object.keys(top)) if (!TOP.includes(k)) f.error(childPath("", k), "unknown policy element");
  const version = top["Version"];
  if (version === undefined) f.warn("Version", "no Version: the 2008-10-17 rules apply and policy variables are unavailable");
  else if (version !== "2012-10-17" && version !== "2008-10-17") f.error("Version", "Version must be \"2012-10-17\" or \"2008-10-17\"");
  if (top["Id"] !== undefined && typeof top["Id"] !== "string") f.error("Id", "Id must be a string");
  const raw = top["Statement"];
  if (raw === undefined) { f.error("Statement", "the policy has no Statement"); return undefined; }
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) f.error("Statement", "the policy has no statements");
  const variables = version === "2012-10-17";
  const statements: StatementNode[] = [];
  const sids = new Map<string, number>();
  list.forEach((s, i) => {
    const path = Array.isArray(raw) ? indexPath("Statement", i) : "Statement";
    const node = readStatement(s, i, path, kind, { catalog, variables, supplied }, f);
    if (node?.sid !== undefined) {
      const first = sids.get(node.sid);
      if (first !== undefined) {
        const say = RULES[kind].iamSids || kind === "scp" ? f.error.bind(f) : f.warn.bind(f);
        say(childPath(path, "Sid"), `Sid repeats that of statement ${first}`);
      } else sids.set(node.sid, i);
    }
    if (node) statements.push(node);
  });
  return f.errors.length === 0 ? { version: typeof version === "string" ? version : undefined, statements } : undefined;
}

function readStatement(
  value: unknown, index: number, path: string, kind: PolicyKind,
  scope: { catalog: IamCatalog; variables: boolean; supplied?: SuppliedKeys }, f: Findings,
): StatementNode | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) { f.error(path, "a statement must be an object"); return undefined; }
  const s = value as Record<string, unknown>;
  const at = (k: string): string => childPath(path, k);
  const before = f.errors.length;
  const rules = RULES[kind];
  for (const k of Object.keys(s)) if (!ELEMENTS.includes(k)) f.error(at(k), "unknown statement element");

  const sid = s["Sid"];
  if (sid !== undefined && typeof sid !== "string") f.error(at("Sid"), "Sid must be a string");
  else if (typeof sid === "string" && rules.iamSids && !/^[A-Za-z0-9]*$/.test(sid)) f.error(at("Sid"), "Sid may hold only letters and digits");

  const effect = s["Effect"];
  if (effect === undefined) f.error(at("Effect"), "the statement has no Effect");
  else if (effect !== "Allow" && effect !== "Deny") f.error(at("Effect"), "Effect must be \"Allow\" or \"Deny\"");

  const actionKey = pair(s, "Action", "NotAction", path, f, true);
  const actions = actionKey ? readStringList(s[actionKey], at(actionKey), actionKey, f) : undefined;
  if (actions && actionKey) checkActions(actions, (i) => (Array.isArray(s[actionKey]) ? indexPath(at(actionKey), i) : at(actionKey)), scope.catalog, f);

  const resourceKey = pair(s, "Resource", "NotResource", path, f, rules.resource === "required");
  let resource: StatementNode["resource"];
  if (resourceKey && rules.resource === "forbidden") f.error(at(resourceKey), `a ${kind} policy cannot have ${resourceKey}`);
  else if (resourceKey) {
    const values = readStringList(s[resourceKey], at(resourceKey), resourceKey, f);
    const cond: ConditionScope = { ...scope, actions: undefined, served: undefined };
    if (values) resource = { not: resourceKey === "NotResource", patterns: readResources(values, (i) => (Array.isArray(s[resourceKey]) ? indexPath(at(resourceKey), i) : at(resourceKey)), cond, f) };
  }

  const principalKey = pair(s, "Principal", "NotPrincipal", path, f, rules.principal === "required");
  let principal: StatementNode["principal"];
  if (principalKey && rules.principal === "forbidden") f.error(at(principalKey), `a ${kind} policy cannot have ${principalKey}`);
  else if (principalKey === "NotPrincipal" && !rules.notPrincipal) f.error(at(principalKey), `a ${kind} policy cannot have NotPrincipal`);
  else if (principalKey) {
    principal = readPrincipal(s[principalKey], at(principalKey), principalKey === "NotPrincipal", f);
    if (principalKey === "NotPrincipal" && effect === "Allow") f.warn(at(principalKey), "NotPrincipal with Allow grants to everyone not listed, anonymous callers included");
  }

  const conditionScope: ConditionScope = {
    ...scope,
    actions: actionKey === "Action" && actions ? concreteActions(actions, scope.catalog) : undefined,
    served: actions && actionKey && scope.supplied ? scope.supplied.served(actions, actionKey === "NotAction") : undefined,
  };
  const conditions = s["Condition"] === undefined ? [] : readConditions(s["Condition"], at("Condition"), conditionScope, f);

  if (f.errors.length > before || !actions || !actionKey) return undefined;
  return {
    index,
    ...(typeof sid === "string" ? { sid } : {}),
    effect: effect as Effect,
    notAction: actionKey === "NotAction",
    actions,
    ...(resource ? { resource } : {}),
    ...(principal ? { principal } : {}),
    conditions,
  };
}

/** Exactly one of an element and its Not- form; returns which one is present. */
function pair(s: Record<string, unknown>, yes: string, no: string, path: string, f: Findings, required: boolean): string | undefined {
  const hasYes = s[yes] !== undefined;
  const hasNo = s[no] !== undefined;
  if (hasYes && hasNo) { f.error(childPath(path, no), `a statement cannot have both ${yes} and ${no}`); return undefined; }
  if (!hasYes && !hasNo) { if (required) f.error(childPath(path, yes), `the statement has no ${yes} or ${no}`); return undefined; }
  return hasYes ? yes : no;
}
