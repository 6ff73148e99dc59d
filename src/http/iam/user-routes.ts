import type { Principal } from "../../kernel/index.js";
import type { IamService } from "../../service/iam/index.js";
import { iamArn, requestedArn, userResourceArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { ANY_RESOURCE, iamOperation, requestConditions } from "./operation-kit.js";
import { pageXml, tagsXml, userXml } from "./shapes.js";

/** Users: CreateUser, GetUser, ListUsers, DeleteUser, tags and permissions boundaries. */
export function userOperations(iam: IamService): Operation[] {
  const byName = <T extends { readonly userName: string }>(m: T, p: Principal): string => requestedArn(p, "user", m.userName);
  return [
    iamOperation({
      name: "CreateUser",
      decode: (m) => ({ userName: m.required("UserName"), path: m.string("Path"), permissionsBoundary: m.string("PermissionsBoundary"), tags: m.tags() }),
      conditions: (i) => requestConditions(i),
      resource: (i, p) => iamArn(p.accountId, "user", i.path ?? "/", i.userName),
      invoke: (i, ctx) => iam.users.create(ctx, i),
      result: (user) => ({ User: userXml(user) }),
    }),
    iamOperation({
      name: "GetUser",
      decode: (m) => ({ userName: m.string("UserName") }),
      resource: (i, p) => userResourceArn(p, i.userName),
      invoke: (i, ctx) => iam.users.get(ctx, i.userName),
      result: (user) => ({ User: userXml(user) }),
    }),
    iamOperation({
      name: "ListUsers",
      decode: (m) => ({ pathPrefix: m.string("PathPrefix"), ...m.page() }),
      resource: ANY_RESOURCE,
      invoke: (i, ctx) => iam.users.list(ctx, i),
      result: (page) => pageXml("Users", page, (u) => userXml(u)),
    }),
    iamOperation({
      name: "DeleteUser",
      decode: (m) => ({ userName: m.required("UserName") }),
      resource: byName,
      invoke: (i, ctx) => iam.users.delete(ctx, i.userName),
    }),
    iamOperation({
      name: "TagUser",
      decode: (m) => ({ userName: m.required("UserName"), tags: m.tags() ?? [] }),
      conditions: (i) => requestConditions(i),
      resource: byName,
      invoke: (i, ctx) => iam.settings.tag(ctx, "user", i.userName, i.tags),
    }),
    iamOperation({
      name: "UntagUser",
      decode: (m) => ({ userName: m.required("UserName"), tagKeys: m.strings("TagKeys") ?? [] }),
      conditions: (i) => requestConditions(i),
      resource: byName,
      invoke: (i, ctx) => iam.settings.untag(ctx, "user", i.userName, i.tagKeys),
    }),
    iamOperation({
      name: "ListUserTags",
      decode: (m) => ({ userName: m.required("UserName"), ...m.page() }),
      resource: byName,
      invoke: (i, ctx) => iam.settings.listTags(ctx, "user", i.userName, i),
      result: (page) => ({ Tags: tagsXml(page.items), IsTruncated: page.isTruncated, Marker: page.marker }),
    }),
    iamOperation({
      name: "PutUserPermissionsBoundary",
      decode: (m) => ({ userName: m.required("UserName"), permissionsBoundary: m.required("PermissionsBoundary") }),
      conditions: (i) => requestConditions(i),
      resource: byName,
      invoke: (i, ctx) => iam.settings.putBoundary(ctx, "user", i.userName, i.permissionsBoundary),
    }),
    iamOperation({
      name: "DeleteUserPermissionsBoundary",
      decode: (m) => ({ userName: m.required("UserName") }),
      resource: byName,
      invoke: (i, ctx) => iam.settings.deleteBoundary(ctx, "user", i.userName),
    }),
  ];
}
