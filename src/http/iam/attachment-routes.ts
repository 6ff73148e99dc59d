import type { IamEntityKind } from "../../store/iam-port.js";
import type { AccountEntity, IamService } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { iamTargetOperation } from "./operation-kit.js";
import { pageXml } from "./shapes.js";

const TITLE = { user: "User", group: "Group", role: "Role" } as const;

/**
 * Attach/Detach{User,Group,Role}Policy and ListAttached{User,Group,Role}Policies, authorised on
 * the entity, with the policy attached or detached as iam:PolicyARN.
 */
function attachmentOperations(iam: IamService, kind: IamEntityKind): Operation[] {
  const T = TITLE[kind];
  const nameMember = `${T}Name`;
  return [
    iamTargetOperation({
      name: `Attach${T}Policy`,
      decode: (m) => ({ entityName: m.required(nameMember), policyArn: m.required("PolicyArn") }),
      request: (i) => ({ policyArn: i.policyArn }),
      target: (i, ctx) => iam.targets.holder(ctx, kind, i.entityName),
      invoke: (i, entity, ctx) => iam.attachments.attach(ctx, entity, i.policyArn),
    }),
    iamTargetOperation({
      name: `Detach${T}Policy`,
      decode: (m) => ({ entityName: m.required(nameMember), policyArn: m.required("PolicyArn") }),
      request: (i) => ({ policyArn: i.policyArn }),
      target: (i, ctx) => iam.targets.holder(ctx, kind, i.entityName),
      invoke: (i, entity, ctx) => iam.attachments.detach(ctx, entity, i.policyArn),
    }),
    iamTargetOperation({
      name: `ListAttached${T}Policies`,
      decode: (m) => ({ entityName: m.required(nameMember), pathPrefix: m.string("PathPrefix"), ...m.page() }),
      target: (i, ctx) => iam.targets.holder(ctx, kind, i.entityName),
      invoke: (i, entity, ctx) => iam.attachments.listAttached(ctx, entity, i),
      result: (page) => pageXml("AttachedPolicies", page, (a) => ({ PolicyName: a.policyName, PolicyArn: a.policyArn })),
    }),
  ];
}

const entityXml = (prefix: "User" | "Group" | "Role") => (e: AccountEntity) => ({ [`${prefix}Name`]: e.name, [`${prefix}Id`]: e.id });

export function policyAttachmentOperations(iam: IamService): Operation[] {
  return [
    ...(["user", "group", "role"] as const).flatMap((kind) => attachmentOperations(iam, kind)),
    iamTargetOperation({
      name: "ListEntitiesForPolicy",
      decode: (m) => ({
        policyArn: m.required("PolicyArn"), entityFilter: m.string("EntityFilter"), pathPrefix: m.string("PathPrefix"),
        policyUsageFilter: m.string("PolicyUsageFilter"), ...m.page(),
      }),
      target: (i, ctx) => iam.targets.policy(ctx, i.policyArn),
      invoke: (i, policy, ctx) => iam.attachments.listEntities(ctx, policy, i),
      result: (r) => ({
        PolicyGroups: r.groups.map(entityXml("Group")), PolicyUsers: r.users.map(entityXml("User")), PolicyRoles: r.roles.map(entityXml("Role")),
        IsTruncated: r.isTruncated, Marker: r.marker,
      }),
    }),
  ];
}
