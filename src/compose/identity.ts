import type { Principal } from "../kernel/index.js";
import { compilePolicy } from "../policy/index.js";
import type { CompileOptions, IamCatalog, PolicyKind } from "../policy/index.js";
import type { PolicySources } from "../service/authorization/index.js";
import type { OrganizationService } from "../service/organizations/index.js";
import type { ResourcePolicyService } from "../service/resource-policies/index.js";
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
    resourcePolicy: (arn) => resourcePolicies.resourcePolicyFor(arn),
    organization: () => organizations.organization(),
  };
}

/** compilePolicy with the one shared catalog, as every service that validates documents takes it. */
export function compilerWith(catalog: IamCatalog) {
  return (document: string | unknown, kind: PolicyKind, label: string, options: CompileOptions = {}) =>
    compilePolicy(document, kind, label, { ...options, catalog: options.catalog ?? catalog });
}
