import type { OrganizationService, OrgIds, PageRequest, RootView } from "../../service/organizations/index.js";
import { rootArn } from "../../service/organizations/index.js";
import type { Operation } from "../operation.js";
import { decodeFeatureSet, decodePage, decodePolicyType } from "./decode.js";
import { encodeOrganization, encodePage, encodeRoot } from "./encode.js";
import { PAGE_MEMBERS, rpc } from "./rpc.js";
import { accountOperations } from "./routes-accounts.js";
import { policyOperations } from "./routes-policies.js";

export interface OrganizationsDeps {
  readonly service: OrganizationService;
  /** The organisation, as `service.ensureOrganization()` returned it at start-up. */
  readonly organization: OrgIds;
}

type PolicyTypeInput = { rootId: string; policyType: string };

/** AWS Organizations (awsJson1.1, signing name `organizations`). */
export function organizationsOperations({ service, organization: org }: OrganizationsDeps): Operation[] {
  const root = (r: RootView) => ({ Root: encodeRoot(r) });
  return [
    rpc<Record<string, never>, Awaited<ReturnType<typeof service.describe>>>({
      name: "DescribeOrganization", members: [],
      decode: () => ({}), resource: () => "*",
      invoke: (_, caller) => service.describe(caller),
      encode: (v) => ({ Organization: encodeOrganization(v) }),
    }),
    rpc<ReturnType<typeof decodeFeatureSet>, Awaited<ReturnType<typeof service.create>>>({
      name: "CreateOrganization", members: ["FeatureSet"],
      decode: decodeFeatureSet, resource: () => "*",
      invoke: (_, caller) => service.create(caller),
      encode: (v) => ({ Organization: encodeOrganization(v) }),
    }),
    rpc<PageRequest, Awaited<ReturnType<typeof service.listRoots>>>({
      name: "ListRoots", members: PAGE_MEMBERS,
      decode: decodePage, resource: () => "*",
      invoke: (page, caller) => service.listRoots(caller, page),
      encode: (page) => encodePage("Roots", page, encodeRoot),
    }),
    rpc<PolicyTypeInput, RootView>({
      name: "EnablePolicyType", members: ["RootId", "PolicyType"],
      decode: decodePolicyType, resource: (input) => rootArnOf(org, input.rootId),
      keys: (input) => [["organizations:PolicyType", input.policyType]],
      invoke: (input, caller) => service.attachments.enableType(caller, input.rootId, input.policyType),
      encode: root,
    }),
    rpc<PolicyTypeInput, RootView>({
      name: "DisablePolicyType", members: ["RootId", "PolicyType"],
      decode: decodePolicyType, resource: (input) => rootArnOf(org, input.rootId),
      keys: (input) => [["organizations:PolicyType", input.policyType]],
      invoke: (input, caller) => service.attachments.disableType(caller, input.rootId, input.policyType),
      encode: root,
    }),
    ...accountOperations(service, org),
    ...policyOperations(service, org),
  ];
}

/** The names DECLARED_OPERATIONS lists for the `organizations` signing service. */
export const ORGANIZATIONS_OPERATION_NAMES = [
  "DescribeOrganization", "CreateOrganization", "ListRoots", "EnablePolicyType", "DisablePolicyType",
  "CreateAccount", "DescribeCreateAccountStatus", "ListCreateAccountStatus", "DescribeAccount", "ListAccounts",
  "CreatePolicy", "DescribePolicy", "UpdatePolicy", "DeletePolicy", "ListPolicies",
  "AttachPolicy", "DetachPolicy", "ListPoliciesForTarget", "ListTargetsForPolicy",
] as const;

const rootArnOf = (org: OrgIds, rootId: string): string => rootArn({ ...org, rootId });
