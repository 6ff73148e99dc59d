import type { CreatePolicyInput, OrganizationService, OrgIds, PageRequest, PolicyView, UpdatePolicyInput } from "../../service/organizations/index.js";
import { FULL_AWS_ACCESS, SCP, policyArn, targetArn } from "../../service/organizations/index.js";
import type { Operation } from "../operation.js";
import {
  decodeAttachment, decodeCreatePolicy, decodePage, decodePolicyFilter, decodePolicyId, decodeTargetFilter, decodeUpdatePolicy,
} from "./decode.js";
import { encodePage, encodePolicy, encodePolicySummary, encodeTarget } from "./encode.js";
import { PAGE_MEMBERS, requestTags, resourceTags, rpc } from "./rpc.js";

type Attachment = { policyId: string; targetId: string };
type Paged<T> = T & { page: PageRequest };

/** Service control policies and their attachments to the root and to accounts. */
export function policyOperations(service: OrganizationService, org: OrgIds): Operation[] {
  const arnOf = (policyId: string): string => policyArn(org, policyId, policyId === FULL_AWS_ACCESS.policyId);
  const policy = (p: PolicyView) => ({ Policy: encodePolicy(p) });
  // Every policy here is an SCP; its tags are those CreatePolicy gave it.
  const onPolicy = async (policyId: string) => [["organizations:PolicyType", SCP] as const, ...resourceTags(await service.tags.list(policyId))];
  return [
    rpc<CreatePolicyInput, PolicyView>({
      name: "CreatePolicy", members: ["Content", "Description", "Name", "Type", "Tags"],
      decode: decodeCreatePolicy,
      resource: () => "*",
      keys: (input) => [["organizations:PolicyType", input.type], ...requestTags(input.tags)],
      invoke: (input, caller) => service.policies.create(caller, input),
      encode: policy,
    }),
    rpc<string, PolicyView>({
      name: "DescribePolicy", members: ["PolicyId"],
      decode: decodePolicyId, resource: arnOf, subject: (id) => id, keys: onPolicy,
      invoke: (id, caller) => service.policies.describe(caller, id),
      encode: policy,
    }),
    rpc<UpdatePolicyInput, PolicyView>({
      name: "UpdatePolicy", members: ["PolicyId", "Name", "Description", "Content"],
      decode: decodeUpdatePolicy, resource: (input) => arnOf(input.policyId), subject: (input) => input.policyId, keys: (input) => onPolicy(input.policyId),
      invoke: (input, caller) => service.policies.update(caller, input),
      encode: policy,
    }),
    rpc<string, void>({
      name: "DeletePolicy", members: ["PolicyId"],
      decode: decodePolicyId, resource: arnOf, subject: (id) => id, keys: onPolicy,
      invoke: (id, caller) => service.policies.delete(caller, id),
      encode: () => ({}),
    }),
    rpc<Paged<{ filter: string }>, Awaited<ReturnType<typeof service.policies.list>>>({
      name: "ListPolicies", members: ["Filter", ...PAGE_MEMBERS],
      decode: (o) => ({ filter: decodePolicyFilter(o), page: decodePage(o) }),
      resource: () => "*",
      keys: (input) => [["organizations:PolicyType", input.filter]],
      invoke: ({ filter, page }, caller) => service.policies.list(caller, filter, page),
      encode: (page) => encodePage("Policies", page, encodePolicySummary),
    }),
    // AWS authorises these on the policy (required) and the target; the policy is what a
    // statement must name to allow or deny attaching it.
    rpc<Attachment, void>({
      name: "AttachPolicy", members: ["PolicyId", "TargetId"],
      decode: decodeAttachment, resource: (a) => arnOf(a.policyId), subject: (a) => a.policyId, keys: (a) => onPolicy(a.policyId),
      invoke: (a, caller) => service.attachments.attach(caller, a.policyId, a.targetId),
      encode: () => ({}),
    }),
    rpc<Attachment, void>({
      name: "DetachPolicy", members: ["PolicyId", "TargetId"],
      decode: decodeAttachment, resource: (a) => arnOf(a.policyId), subject: (a) => a.policyId, keys: (a) => onPolicy(a.policyId),
      invoke: (a, caller) => service.attachments.detach(caller, a.policyId, a.targetId),
      encode: () => ({}),
    }),
    rpc<Paged<{ targetId: string; filter: string }>, Awaited<ReturnType<typeof service.attachments.listForTarget>>>({
      name: "ListPoliciesForTarget", members: ["TargetId", "Filter", ...PAGE_MEMBERS],
      decode: (o) => ({ ...decodeTargetFilter(o), page: decodePage(o) }),
      resource: (input) => targetArn(org, input.targetId), subject: (input) => input.targetId,
      keys: async (input) => [["organizations:PolicyType", input.filter], ...resourceTags(await service.tags.list(input.targetId))],
      invoke: ({ targetId, filter, page }, caller) => service.attachments.listForTarget(caller, targetId, filter, page),
      encode: (page) => encodePage("Policies", page, encodePolicySummary),
    }),
    rpc<Paged<{ policyId: string }>, Awaited<ReturnType<typeof service.attachments.listTargets>>>({
      name: "ListTargetsForPolicy", members: ["PolicyId", ...PAGE_MEMBERS],
      decode: (o) => ({ policyId: decodePolicyId(o), page: decodePage(o) }),
      resource: (input) => arnOf(input.policyId), subject: (input) => input.policyId, keys: (input) => onPolicy(input.policyId),
      invoke: ({ policyId, page }, caller) => service.attachments.listTargets(caller, policyId, page),
      encode: (page) => encodePage("Targets", page, encodeTarget),
    }),
  ];
}
