import type { IamService } from "../../service/iam/index.js";
import { iamArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { ANY_RESOURCE, iamOperation, requestConditions } from "./operation-kit.js";
import { pageXml, policyXml, versionXml } from "./shapes.js";

/** Managed policies and their versions; each is authorised on the policy's ARN. */
export function managedPolicyOperations(iam: IamService): Operation[] {
  const onPolicy = <T extends { readonly policyArn: string }>(i: T): string => i.policyArn;
  return [
    iamOperation({
      name: "CreatePolicy",
      decode: (m) => ({
        policyName: m.required("PolicyName"), path: m.string("Path"), policyDocument: m.required("PolicyDocument"),
        description: m.string("Description"), tags: m.tags(),
      }),
      conditions: (i) => requestConditions(i),
      resource: (i, p) => iamArn(p.accountId, "policy", i.path ?? "/", i.policyName),
      invoke: (i, ctx) => iam.policies.create(ctx, i),
      result: (policy) => ({ Policy: policyXml(policy) }),
    }),
    iamOperation({
      name: "GetPolicy",
      decode: (m) => ({ policyArn: m.required("PolicyArn") }),
      resource: onPolicy,
      invoke: (i, ctx) => iam.policies.get(ctx, i.policyArn),
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
    iamOperation({
      name: "DeletePolicy",
      decode: (m) => ({ policyArn: m.required("PolicyArn") }),
      resource: onPolicy,
      invoke: (i, ctx) => iam.policies.delete(ctx, i.policyArn),
    }),
    iamOperation({
      name: "CreatePolicyVersion",
      decode: (m) => ({ policyArn: m.required("PolicyArn"), policyDocument: m.required("PolicyDocument"), setAsDefault: m.boolean("SetAsDefault") }),
      resource: onPolicy,
      invoke: (i, ctx) => iam.versions.create(ctx, i),
      result: (version) => ({ PolicyVersion: versionXml(version, false) }),
    }),
    iamOperation({
      name: "GetPolicyVersion",
      decode: (m) => ({ policyArn: m.required("PolicyArn"), versionId: m.required("VersionId") }),
      resource: onPolicy,
      invoke: (i, ctx) => iam.versions.get(ctx, i.policyArn, i.versionId),
      result: (version) => ({ PolicyVersion: versionXml(version, true) }),
    }),
    iamOperation({
      name: "ListPolicyVersions",
      decode: (m) => ({ policyArn: m.required("PolicyArn"), ...m.page() }),
      resource: onPolicy,
      invoke: (i, ctx) => iam.versions.list(ctx, i.policyArn, i),
      result: (page) => pageXml("Versions", page, (v) => versionXml(v, false)),
    }),
    iamOperation({
      name: "DeletePolicyVersion",
      decode: (m) => ({ policyArn: m.required("PolicyArn"), versionId: m.required("VersionId") }),
      resource: onPolicy,
      invoke: (i, ctx) => iam.versions.delete(ctx, i.policyArn, i.versionId),
    }),
    iamOperation({
      name: "SetDefaultPolicyVersion",
      decode: (m) => ({ policyArn: m.required("PolicyArn"), versionId: m.required("VersionId") }),
      resource: onPolicy,
      invoke: (i, ctx) => iam.versions.setDefault(ctx, i.policyArn, i.versionId),
    }),
  ];
}
