import type { IamService } from "../../service/iam/index.js";
import { iamArn, requestedArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { ANY_RESOURCE, iamOperation } from "./operation-kit.js";
import { groupXml, pageXml, userXml } from "./shapes.js";

/** Groups and membership. */
export function groupOperations(iam: IamService): Operation[] {
  return [
    iamOperation({
      name: "CreateGroup",
      decode: (m) => ({ groupName: m.required("GroupName"), path: m.string("Path") }),
      resource: (i, p) => iamArn(p.accountId, "group", i.path ?? "/", i.groupName),
      invoke: (i, ctx) => iam.groups.create(ctx, i),
      result: (group) => ({ Group: groupXml(group) }),
    }),
    iamOperation({
      name: "GetGroup",
      decode: (m) => ({ groupName: m.required("GroupName"), ...m.page() }),
      resource: (i, p) => requestedArn(p, "group", i.groupName),
      invoke: (i, ctx) => iam.groups.get(ctx, i.groupName, i),
      result: ({ group, users }) => ({ Group: groupXml(group), ...pageXml("Users", users, (u) => userXml(u)) }),
    }),
    iamOperation({
      name: "ListGroups",
      decode: (m) => ({ pathPrefix: m.string("PathPrefix"), ...m.page() }),
      resource: ANY_RESOURCE,
      invoke: (i, ctx) => iam.groups.list(ctx, i),
      result: (page) => pageXml("Groups", page, groupXml),
    }),
    iamOperation({
      name: "DeleteGroup",
      decode: (m) => ({ groupName: m.required("GroupName") }),
      resource: (i, p) => requestedArn(p, "group", i.groupName),
      invoke: (i, ctx) => iam.groups.delete(ctx, i.groupName),
    }),
    iamOperation({
      name: "AddUserToGroup",
      decode: (m) => ({ groupName: m.required("GroupName"), userName: m.required("UserName") }),
      resource: (i, p) => requestedArn(p, "group", i.groupName),
      invoke: (i, ctx) => iam.groups.addUser(ctx, i.groupName, i.userName),
    }),
    iamOperation({
      name: "RemoveUserFromGroup",
      decode: (m) => ({ groupName: m.required("GroupName"), userName: m.required("UserName") }),
      resource: (i, p) => requestedArn(p, "group", i.groupName),
      invoke: (i, ctx) => iam.groups.removeUser(ctx, i.groupName, i.userName),
    }),
    iamOperation({
      name: "ListGroupsForUser",
      decode: (m) => ({ userName: m.required("UserName"), ...m.page() }),
      resource: (i, p) => requestedArn(p, "user", i.userName),
      invoke: (i, ctx) => iam.groups.listForUser(ctx, i.userName, i),
      result: (page) => pageXml("Groups", page, groupXml),
    }),
  ];
}
