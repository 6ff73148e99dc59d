import type { Principal } from "../../kernel/index.js";
import type { IamEntityKind } from "../../store/iam-port.js";
import type { AccountEntity, IamService } from "../../service/iam/index.js";
import { requestedArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { iamOperation, requestConditions } from "./operation-kit.js";
import { pageXml } from "./shapes.js";

const TITLE = { user: "User", group: "Group", role: "Role" } as const;

/** Attach/Detach{User,Group,Role}Policy and ListAttached{User,Group,Role}Policies, authorised on the entity. */
function attachmentOperations(iam: IamService, kind: IamEntityKind): Operation[] {
  const T = TITLE[kind];
  const nameMember = `${T}Name`;
  const resource = <T extends { readonly entityName: string }>(i: T, p: Principal): string => requestedArn(p, kind, i.entityName);
  return [
    iamOperation({
      name: `Attach${T}Policy`,
      decode: (m) => ({ entityName: m.required(nameMember), policyArn: m.required("PolicyArn") }),
      resource,
      invoke: (i, ctx) => iam.attachments.attach(ctx, kind, i.entityName, i.policyArn),
    }),
    iamOperation({
      name: `Detach${T}Policy`,
      decode: (m) => ({ entityName: m.required(nameMember), policyArn: m.required("PolicyArn") }),
      resource,
      invoke: (i, ctx) => iam.attachments.detach(ctx, kind, i.entityName, i.policyArn),
    }),
    iamOperation({
      name: `ListAttached${T}Policies`,
      decode: (m) => ({ entityName: m.required(nameMember), pathPrefix: m.string("PathPrefix"), ...m.page() }),
      resource,
      invoke: (i, ctx) => iam.attachments.listAttached(ctx, kind, i.entityName, i),
      result: (page) => pageXml("AttachedPolicies", page, (a) => ({ PolicyName: a.policyName, PolicyArn: a.policyArn })),
    }),
  ];
}

const entityXml = (prefix: "User" | "Group" | "Role") => (e: AccountEntity) => ({ [`${prefix}Name`]: e.name, [`${prefix}Id`]: e.id });

export function policyAttachmentOperations(iam: IamService): Operation[] {
  return [
    ...(["user", "group", "role"] as const).flatMap((kind) => attachmentOperations(iam, kind)),
    iamOperation({
      name: "ListEntitiesForPolicy",
      decode: (m) => ({
        policyArn: m.required("PolicyArn"), entityFilter: m.string("EntityFilter"), pathPrefix: m.string("PathPrefix"),
        policyUsageFilter: m.string("PolicyUsageFilter"), ...m.page(),
      }),
      conditions: (i) => requestConditions(i),
      resource: (i) => i.policyArn,
      invoke: (i, ctx) => iam.attachments.listEntities(ctx, i),
      result: (r) => ({
        PolicyGroups: r.groups.map(entityXml("Group")), PolicyUsers: r.users.map(entityXml("User")), PolicyRoles: r.roles.map(entityXml("Role")),
        IsTruncated: r.isTruncated, Marker: r.marker,
      }),
    }),
  ];
}
