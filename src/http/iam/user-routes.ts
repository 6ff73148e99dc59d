import type { IamService } from "../../service/iam/index.js";
import { iamArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { ANY_RESOURCE, iamOperation, iamTargetOperation } from "./operation-kit.js";
import { pageXml, tagsXml, userXml } from "./shapes.js";

/** Users: CreateUser, GetUser, ListUsers, DeleteUser, tags and permissions boundaries. */
export function userOperations(iam: IamService): Operation[] {
  const t = iam.targets;
  return [
    iamOperation({
      name: "CreateUser",
      decode: (m) => ({ userName: m.required("UserName"), path: m.string("Path"), permissionsBoundary: m.string("PermissionsBoundary"), tags: m.tags() }),
      request: (i) => i,
      resource: (i, p) => iamArn(p.accountId, "user", i.path ?? "/", i.userName),
      invoke: (i, ctx) => iam.users.create(ctx, i),
      result: (user) => ({ User: userXml(user) }),
    }),
    iamTargetOperation({
      name: "GetUser",
      decode: (m) => ({ userName: m.string("UserName") }),
      target: (i, ctx) => t.user(ctx, i.userName),
      invoke: (_i, user, ctx) => iam.users.get(ctx, user),
      result: (user) => ({ User: userXml(user) }),
    }),
    iamOperation({
      name: "ListUsers",
      decode: (m) => ({ pathPrefix: m.string("PathPrefix"), ...m.page() }),
      resource: ANY_RESOURCE,
      invoke: (i, ctx) => iam.users.list(ctx, i),
      result: (page) => pageXml("Users", page, (u) => userXml(u)),
    }),
    iamTargetOperation({
      name: "DeleteUser",
      decode: (m) => ({ userName: m.required("UserName") }),
      target: (i, ctx) => t.user(ctx, i.userName),
      invoke: (_i, user, ctx) => iam.users.delete(ctx, user),
    }),
    iamTargetOperation({
      name: "TagUser",
      decode: (m) => ({ userName: m.required("UserName"), tags: m.tags() ?? [] }),
      request: (i) => i,
      target: (i, ctx) => t.holder(ctx, "user", i.userName),
      invoke: (i, user, ctx) => iam.settings.tag(ctx, user, i.tags),
    }),
    iamTargetOperation({
      name: "UntagUser",
      decode: (m) => ({ userName: m.required("UserName"), tagKeys: m.strings("TagKeys") ?? [] }),
      request: (i) => i,
      target: (i, ctx) => t.holder(ctx, "user", i.userName),
      invoke: (i, user, ctx) => iam.settings.untag(ctx, user, i.tagKeys),
    }),
    iamTargetOperation({
      name: "ListUserTags",
      decode: (m) => ({ userName: m.required("UserName"), ...m.page() }),
      target: (i, ctx) => t.holder(ctx, "user", i.userName),
      invoke: (i, user, ctx) => iam.settings.listTags(ctx, user, i),
      result: (page) => ({ Tags: tagsXml(page.items), IsTruncated: page.isTruncated, Marker: page.marker }),
    }),
    iamTargetOperation({
      name: "PutUserPermissionsBoundary",
      decode: (m) => ({ userName: m.required("UserName"), permissionsBoundary: m.required("PermissionsBoundary") }),
      // The boundary being set is the one conditions see, not the one it replaces.
      request: (i) => i,
      target: (i, ctx) => t.holder(ctx, "user", i.userName),
      invoke: (i, user, ctx) => iam.settings.putBoundary(ctx, user, i.permissionsBoundary),
    }),
    iamTargetOperation({
      name: "DeleteUserPermissionsBoundary",
      decode: (m) => ({ userName: m.required("UserName") }),
      target: (i, ctx) => t.holder(ctx, "user", i.userName),
      invoke: (_i, user, ctx) => iam.settings.deleteBoundary(ctx, user),
    }),
  ];
}
