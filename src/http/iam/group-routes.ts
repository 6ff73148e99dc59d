import type { IamService } from "../../service/iam/index.js";
import { iamArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { ANY_RESOURCE, iamOperation, iamTargetOperation } from "./operation-kit.js";
import { groupXml, pageXml, userXml } from "./shapes.js";

/** Groups and membership; AddUserToGroup and RemoveUserFromGroup are authorised on the group, as in IAM. */
export function groupOperations(iam: IamService): Operation[] {
  const t = iam.targets;
  return [
    iamOperation({
      name: "CreateGroup",
      decode: (m) => ({ groupName: m.required("GroupName"), path: m.string("Path") }),
      resource: (i, p) => iamArn(p.accountId, "group", i.path ?? "/", i.groupName),
      invoke: (i, ctx) => iam.groups.create(ctx, i),
      result: (group) => ({ Group: groupXml(group) }),
    }),
    iamTargetOperation({
      name: "GetGroup",
      decode: (m) => ({ groupName: m.required("GroupName"), ...m.page() }),
      target: (i, ctx) => t.group(ctx, i.groupName),
      invoke: (i, group, ctx) => iam.groups.get(ctx, group, i),
      result: ({ group, users }) => ({ Group: groupXml(group), ...pageXml("Users", users, (u) => userXml(u)) }),
    }),
    iamOperation({
      name: "ListGroups",
      decode: (m) => ({ pathPrefix: m.string("PathPrefix"), ...m.page() }),
      resource: ANY_RESOURCE,
      invoke: (i, ctx) => iam.groups.list(ctx, i),
      result: (page) => pageXml("Groups", page, groupXml),
    }),
    iamTargetOperation({
      name: "DeleteGroup",
      decode: (m) => ({ groupName: m.required("GroupName") }),
      target: (i, ctx) => t.group(ctx, i.groupName),
      invoke: (_i, group, ctx) => iam.groups.delete(ctx, group),
    }),
    iamTargetOperation({
      name: "AddUserToGroup",
      decode: (m) => ({ groupName: m.required("GroupName"), userName: m.required("UserName") }),
      target: (i, ctx) => t.group(ctx, i.groupName),
      invoke: (i, group, ctx) => iam.groups.addUser(ctx, group, i.userName),
    }),
    iamTargetOperation({
      name: "RemoveUserFromGroup",
      decode: (m) => ({ groupName: m.required("GroupName"), userName: m.required("UserName") }),
      target: (i, ctx) => t.group(ctx, i.groupName),
      invoke: (i, group, ctx) => iam.groups.removeUser(ctx, group, i.userName),
    }),
    iamTargetOperation({
      name: "ListGroupsForUser",
      decode: (m) => ({ userName: m.required("UserName"), ...m.page() }),
      target: (i, ctx) => t.user(ctx, i.userName),
      invoke: (i, user, ctx) => iam.groups.listForUser(ctx, user, i),
      result: (page) => pageXml("Groups", page, groupXml),
    }),
  ];
}
