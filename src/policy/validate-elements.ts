/**
 * Action, Resource and Principal elements: their shape, and their values checked against what AWS
 * defines (services and actions from the catalog, ARN structure, principal forms).
 */
import type { Findings, PrincipalNode } from "./ast.js";
import type { IamCatalog } from "./catalog.js";
import { checkVariables, type ConditionScope } from "./validate-condition.js";
import { compileGlob, hasWildcard } from "./glob.js";
import { childPath, indexPath } from "./json.js";
import { literalTemplate, parseTemplate, type Template } from "./variables.js";

/** A string or a list of strings; each item is reported at its own path. */
export function readStringList(value: unknown, path: string, element: string, f: Findings): string[] | undefined {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) { f.error(path, `${element} must be a string or a list of strings`); return undefined; }
  if (value.length === 0) f.warn(path, `empty ${element} list: the statement applies to nothing`);
  let ok = true;
  value.forEach((v, i) => { if (typeof v !== "string") { f.error(indexPath(path, i), `${element} entries must be strings`); ok = false; } });
  return ok ? (value as string[]) : undefined;
}

const SERVICE = /^[a-z0-9*?-]+$/i;
const ACTION_NAME = /^[a-z0-9*?_.-]+$/i;

export function checkActions(actions: readonly string[], path: (i: number) => string, catalog: IamCatalog, f: Findings): void {
  actions.forEach((a, i) => {
    const at = path(i);
    if (a === "*") return;
    if (a.includes("${")) { f.error(at, "policy variables are not allowed in Action"); return; }
    const colon = a.indexOf(":");
    const service = a.slice(0, colon);
    const name = a.slice(colon + 1);
    if (colon <= 0 || !SERVICE.test(service) || !ACTION_NAME.test(name)) {
      f.error(at, "an action must be written service:action");
      return;
    }
    const services = hasWildcard(service) ? catalog.services().filter(compileGlob(service.toLowerCase())) : [service.toLowerCase()];
    if (services.length === 0 || !catalog.hasService(services[0] as string)) {
      f.error(at, "unknown service");
      return;
    }
    const match = compileGlob(name.toLowerCase());
    if (!services.some((s) => (catalog.actions(s) ?? []).some((n) => match(n.toLowerCase())))) {
      // The service is known to the catalog here: its name is AWS's word, not the caller's.
      f.error(at, `no ${hasWildcard(service) ? "" : `${service.toLowerCase()} `}action matches this action pattern`);
    }
  });
}

/**
 * The concrete actions a statement's Action names, so condition keys can be checked against them;
 * undefined when that would be every action of many services (a wildcard service, or `*`).
 */
export function concreteActions(actions: readonly string[], catalog: IamCatalog): [string, string][] | undefined {
  const out: [string, string][] = [];
  for (const a of actions) {
    const colon = a.indexOf(":");
    if (a === "*" || colon <= 0 || hasWildcard(a.slice(0, colon))) return undefined;
    const service = a.slice(0, colon).toLowerCase();
    const match = compileGlob(a.slice(colon + 1).toLowerCase());
    for (const name of catalog.actions(service) ?? []) if (match(name.toLowerCase())) out.push([service, name]);
  }
  return out;
}

const PARTITION = /^[a-z0-9*?-]*$/;

export function readResources(values: readonly string[], path: (i: number) => string, scope: ConditionScope, f: Findings): Template[] {
  const out: Template[] = [];
  values.forEach((r, i) => {
    const at = path(i);
    if (r === "*") { out.push(literalTemplate(r)); return; }
    const parts = r.split(":");
    if (parts[0] !== "arn") { f.error(at, "a resource must be \"*\" or an arn"); return; }
    if (parts.length < 6) { f.error(at, "the arn has fewer than six ':'-separated components"); return; }
    if (!PARTITION.test(parts[1] as string)) { f.error(at, "the arn has an invalid partition"); return; }
    const service = parts[2] as string;
    if (service !== service.toLowerCase()) { f.error(at, "the arn's service must be lower-case"); return; }
    if (!hasWildcard(service) && service !== "" && !scope.catalog.hasService(service)) f.warn(at, "the arn names an unknown service");
    const head = parts.slice(0, 5).join(":");
    if (head.includes("${")) { f.error(at, "policy variables are allowed only in the resource part of an arn (after the fifth ':')"); return; }
    if (!r.includes("${")) { out.push(literalTemplate(r)); return; }
    if (!scope.variables) { f.error(at, "policy variables need \"Version\": \"2012-10-17\""); return; }
    const parsed = parseTemplate(r);
    if (!parsed.ok) { f.error(at, parsed.message); return; }
    checkVariables(parsed.template, at, scope, f);
    out.push(parsed.template);
  });
  return out;
}

const PRINCIPAL_KEYS = ["AWS", "Service", "Federated", "CanonicalUser"];
const ACCOUNT = /^\d{12}$/;
const IAM_PRINCIPAL = /^arn:[a-z-]+:(iam::\d{12}:(root|user\/.+|role\/.+)|sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+))$/;

export function readPrincipal(value: unknown, path: string, not: boolean, f: Findings): PrincipalNode | undefined {
  const node = { not, anyone: false, arns: [] as string[], accounts: [] as string[], others: [] as string[] };
  if (value === "*") return { ...node, anyone: true };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    f.error(path, "a principal must be \"*\" or an object such as {\"AWS\": ...}");
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) f.warn(path, "empty principal: the statement applies to no one");
  const before = f.errors.length;
  for (const [type, raw] of entries) {
    const at = childPath(path, type);
    if (!PRINCIPAL_KEYS.includes(type)) { f.error(at, "unknown principal type; use AWS, Service, Federated or CanonicalUser"); continue; }
    const ids = readStringList(raw, at, "principal", f) ?? [];
    ids.forEach((id, i) => {
      const idPath = Array.isArray(raw) ? indexPath(at, i) : at;
      if (id.includes("${")) { f.error(idPath, "policy variables are not allowed in a principal"); return; }
      if (id === "*") { if (type === "AWS") node.anyone = true; else node.others.push(`${type}:*`); return; }
      if (hasWildcard(id)) { f.error(idPath, "wildcards cannot match part of a principal; use \"*\" alone or a condition on aws:PrincipalArn"); return; }
      if (type !== "AWS") { node.others.push(`${type}:${id}`); return; }
      if (ACCOUNT.test(id)) node.accounts.push(id);
      else if (IAM_PRINCIPAL.test(id)) {
        const root = /^arn:[a-z-]+:iam::(\d{12}):root$/.exec(id);
        if (root) node.accounts.push(root[1] as string); else node.arns.push(id);
      } else f.error(idPath, "a principal must be an account id or the arn of an account, user, role or session");
    });
  }
  return f.errors.length === before ? node : undefined;
}
