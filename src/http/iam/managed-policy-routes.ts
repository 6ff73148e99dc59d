import type { IamService } from "../../service/iam/index.js";
import { iamArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { ANY_RESOURCE, iamOperation, iamTargetOperation } from "./operation-kit.js";
import { pageXml, policyXml, versionXml } from "./shapes.js";

/** Managed policies and their versions; each is authorised on the policy's ARN, with its tags. */
export function managedPolicyOperations(iam: IamService): Operation[] {
  const t = iam.targets;
  return [
    iamOperation({
      name: "CreatePolicy",
      decode: (m) => ({
        policyName: m.required("PolicyName"), path: m.string("Path"), policyDocument: m.required("PolicyDocument"),
        description: m.string("Description"), tags: m.tags(),
      }),
      request: (i) => ({ tags: i.tags }),
      resource: (i, p) => iamArn(p.accountId, "policy", i.path ?? "/", i.policyName),
      invoke: (i, ctx) => iam.policies.create(ctx, i),
      result: (policy) => ({ Policy: policyXml(policy) }),
    }),
    iamTargetOperation({
      name: "GetPolicy",
      decode: (m) => ({ policyArn: m.required("PolicyArn") }),
      target: (i, ctx) => t.policy(ctx, i.policyArn),
      invoke: (_i, policy, ctx) => iam.policies.get(ctx, policy),
      result: (policy) => ({ Policy: policyXml(policy) }),
    }),
    iamOperation({
      name: "ListPolicies",
      decode: (m) => ({
        scope: m.string("Scope"), onlyAttached: m.boolean("OnlyAttached"), pathPrefix: m.string("PathPrefix"),
        policyUsageFilter: m.string("PolicyUsageFilter"), ...m.page(),
      }),
      resource: ANY_RESOURCE,
      invoke: (i, ctx) => iam.policies.list(ctx, i),
      result: (page) => pageXml("Policies", page, policyXml),
    }),
    iamTargetOperation({
      name: "DeletePolicy",
      decode: (m) => ({ policyArn: m.required("PolicyArn") }),
      target: (i, ctx) => t.policy(ctx, i.policyArn),
      invoke: (_i, policy, ctx) => iam.policies.delete(ctx, policy),
    }),
    iamTargetOperation({
      name: "CreatePolicyVersion",
      decode: (m) => ({ policyArn: m.required("PolicyArn"), policyDocument: m.required("PolicyDocument"), setAsDefault: m.boolean("SetAsDefault") }),
      target: (i, ctx) => t.policy(ctx, i.policyArn),
      invoke: (i, policy, ctx) => iam.versions.create(ctx, policy, i),
      result: (version) => ({ PolicyVersion: versionXml(version, false) }),
    }),
    iamTargetOperation({
      name: "GetPolicyVersion",
      decode: (m) => ({ policyArn: m.required("PolicyArn"), versionId: m.required("VersionId") }),
      target: (i, ctx) => t.policy(ctx, i.policyArn),
      invoke: (i, policy, ctx) => iam.versions.get(ctx, policy, i.versionId),
      result: (version) => ({ PolicyVersion: versionXml(version, true) }),
    }),
    iamTargetOperation({
      name: "ListPolicyVersions",
      decode: (m) => ({ policyArn: m.required("PolicyArn"), ...m.page() }),
      target: (i, ctx) => t.policy(ctx, i.policyArn),
      invoke: (i, policy, ctx) => iam.versions.list(ctx, policy, i),
      result: (page) => pageXml("Versions", page, (v) => versionXml(v, false)),
    }),
    iamTargetOperation({
      name: "DeletePolicyVersion",
      decode: (m) => ({ policyArn: m.required("PolicyArn"), versionId: m.required("VersionId") }),
      target: (i, ctx) => t.policy(ctx, i.policyArn),
      invoke: (i, policy, ctx) => iam.versions.delete(ctx, policy, i.versionId),
    }),
    iamTargetOperation({
      name: "SetDefaultPolicyVersion",
      decode: (m) => ({ policyArn: m.required("PolicyArn"), versionId: m.required("VersionId") }),
      target: (i, ctx) => t.policy(ctx, i.policyArn),
      invoke: (i, policy, ctx) => iam.versions.setDefault(ctx, policy, i.versionId),
    }),
  ];
}
