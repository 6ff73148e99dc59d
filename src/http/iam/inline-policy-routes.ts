import type { Principal } from "../../kernel/index.js";
import type { IamEntityKind } from "../../store/iam-port.js";
import type { IamService } from "../../service/iam/index.js";
import { requestedArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { iamOperation } from "./operation-kit.js";
import { urlEncoded } from "./shapes.js";
import type { XmlRecord } from "./shapes.js";

const TITLE = { user: "User", group: "Group", role: "Role" } as const;

/** Put/Get/List/Delete{User,Group,Role}Policy, the same four for each kind of entity. */
function inlineOperations(iam: IamService, kind: IamEntityKind): Operation[] {
  const T = TITLE[kind];
  const nameMember = `${T}Name`;
  const resource = <T extends { readonly entityName: string }>(i: T, p: Principal): string => requestedArn(p, kind, i.entityName);
  return [
    iamOperation({
      name: `Put${T}Policy`,
      decode: (m) => ({ entityName: m.required(nameMember), policyName: m.required("PolicyName"), policyDocument: m.required("PolicyDocument") }),
      resource,
      invoke: (i, ctx) => iam.inlinePolicies.put(ctx, kind, i.entityName, i.policyName, i.policyDocument),
    }),
    iamOperation({
      name: `Get${T}Policy`,
      decode: (m) => ({ entityName: m.required(nameMember), policyName: m.required("PolicyName") }),
      resource,
      invoke: (i, ctx) => iam.inlinePolicies.get(ctx, kind, i.entityName, i.policyName),
      result: (p): XmlRecord => ({ [nameMember]: p.entityName, PolicyName: p.policyName, PolicyDocument: urlEncoded(p.document) }),
    }),
    iamOperation({
      name: `List${T}Policies`,
      decode: (m) => ({ entityName: m.required(nameMember), ...m.page() }),
      resource,
      invoke: (i, ctx) => iam.inlinePolicies.list(ctx, kind, i.entityName, i),
      result: (page) => ({ PolicyNames: page.items, IsTruncated: page.isTruncated, Marker: page.marker }),
    }),
    iamOperation({
      name: `Delete${T}Policy`,
      decode: (m) => ({ entityName: m.required(nameMember), policyName: m.required("PolicyName") }),
      resource,
      invoke: (i, ctx) => iam.inlinePolicies.delete(ctx, kind, i.entityName, i.policyName),
    }),
  ];
}

export function inlinePolicyOperations(iam: IamService): Operation[] {
  return (["user", "group", "role"] as const).flatMap((kind) => inlineOperations(iam, kind));
}
