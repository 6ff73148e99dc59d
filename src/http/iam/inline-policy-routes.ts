import type { IamEntityKind } from "../../store/iam-port.js";
import type { IamService } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { iamTargetOperation } from "./operation-kit.js";
import { urlEncoded } from "./shapes.js";
import type { XmlRecord } from "./shapes.js";

const TITLE = { user: "User", group: "Group", role: "Role" } as const;

/** Put/Get/List/Delete{User,Group,Role}Policy, the same four for each kind of entity. */
function inlineOperations(iam: IamService, kind: IamEntityKind): Operation[] {
  const T = TITLE[kind];
  const nameMember = `${T}Name`;
  return [
    iamTargetOperation({
      name: `Put${T}Policy`,
      decode: (m) => ({ entityName: m.required(nameMember), policyName: m.required("PolicyName"), policyDocument: m.required("PolicyDocument") }),
      target: (i, ctx) => iam.targets.holder(ctx, kind, i.entityName),
      invoke: (i, entity, ctx) => iam.inlinePolicies.put(ctx, entity, i.policyName, i.policyDocument),
    }),
    iamTargetOperation({
      name: `Get${T}Policy`,
      decode: (m) => ({ entityName: m.required(nameMember), policyName: m.required("PolicyName") }),
      target: (i, ctx) => iam.targets.holder(ctx, kind, i.entityName),
      invoke: (i, entity, ctx) => iam.inlinePolicies.get(ctx, entity, i.policyName),
      result: (p): XmlRecord => ({ [nameMember]: p.entityName, PolicyName: p.policyName, PolicyDocument: urlEncoded(p.document) }),
    }),
    iamTargetOperation({
      name: `List${T}Policies`,
      decode: (m) => ({ entityName: m.required(nameMember), ...m.page() }),
      target: (i, ctx) => iam.targets.holder(ctx, kind, i.entityName),
      invoke: (i, entity, ctx) => iam.inlinePolicies.list(ctx, entity, i),
      result: (page) => ({ PolicyNames: page.items, IsTruncated: page.isTruncated, Marker: page.marker }),
    }),
    iamTargetOperation({
      name: `Delete${T}Policy`,
      decode: (m) => ({ entityName: m.required(nameMember), policyName: m.required("PolicyName") }),
      target: (i, ctx) => iam.targets.holder(ctx, kind, i.entityName),
      invoke: (i, entity, ctx) => iam.inlinePolicies.delete(ctx, entity, i.policyName),
    }),
  ];
}

export function inlinePolicyOperations(iam: IamService): Operation[] {
  return (["user", "group", "role"] as const).flatMap((kind) => inlineOperations(iam, kind));
}
