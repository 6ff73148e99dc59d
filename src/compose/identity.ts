import type { Principal } from "../kernel/index.js";
import { compilePolicy } from "../policy/index.js";
import type { Logger } from "pino";
import type { CompileOptions, IamCatalog, PolicyKind, SuppliedKeys } from "../policy/index.js";
import type { PolicyAdvice } from "../service/policy-advice.js";
import type { PolicySources } from "../service/authorization/index.js";
import type { OrganizationService } from "../service/organizations/index.js";
import type { ResourcePolicyService } from "../service/resource-policies/index.js";
import { isKeyArn } from "../service/kms/index.js";
import type { Store } from "../store/index.js";

/** Part of the composition root: the authorizer's policy sources over the store and services. */
export function policySources(store: Store, organizations: OrganizationService, resourcePolicies: ResourcePolicyService): PolicySources {
  return {
    async principalPolicies(principal: Principal) {
      const found = principal.roleId !== undefined ? await store.iam.policiesForRole(principal.roleId) : await store.iam.policiesForUser(principal.userId);
      return { identity: found.identity, boundary: found.boundary, tags: new Map(found.tags.map((t) => [t.key, t.value])) };
    },
    changeCounter: (accountId) => store.iam.changeCounter(accountId),
    scpLevels: (accountId) => organizations.scpLevelsFor(accountId),
    // A KMS key's resource policy is its key policy, which must itself allow (KMS's rule).
    resourcePolicy: async (arn) => {
      const document = await resourcePolicies.resourcePolicyFor(arn);
      return document && isKeyArn(arn) ? { ...document, kind: "key" } : document;
    },
    organization: () => organizations.organization(),
  };
}

/**
 * compilePolicy with the one shared catalog, as every service that validates documents to store
 * them takes it; with `supplied`, conditions on keys plinth never supplies are found, and every
 * finding goes to `advise`.
 */
export function compilerWith(catalog: IamCatalog, supplied?: SuppliedKeys, advise?: PolicyAdvice) {
  return (document: string | unknown, kind: PolicyKind, label: string, options: CompileOptions = {}) => {
    const result = compilePolicy(document, kind, label, { ...options, catalog: options.catalog ?? catalog, supplied: options.supplied ?? supplied });
    if (result.ok && result.warnings.length > 0) advise?.(label, result.warnings);
    return result;
  };
}

/**
 * Findings about a policy document being stored, in the operator's log: its label (an ARN or
 * `user/alice:inline/p`) and where in it each finding is, never the document.
 */
export function adviseInLog(logger: Logger): PolicyAdvice {
  return (label, findings) => logger.warn({ policy: label, findings: findings.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)) }, "a policy document being stored has findings");
}
