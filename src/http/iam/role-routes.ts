import type { IamService } from "../../service/iam/index.js";
import { iamArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { ANY_RESOURCE, iamOperation, iamTargetOperation } from "./operation-kit.js";
import { pageXml, roleXml, tagsXml } from "./shapes.js";

/** Roles: trust policies, tags and permissions boundaries. */
export function roleOperations(iam: IamService): Operation[] {
  const t = iam.targets;
  return [
    iamOperation({
      name: "CreateRole",
      decode: (m) => ({
        roleName: m.required("RoleName"), path: m.string("Path"), assumeRolePolicyDocument: m.required("AssumeRolePolicyDocument"),
        description: m.string("Description"), maxSessionDuration: m.integer("MaxSessionDuration"),
        permissionsBoundary: m.string("PermissionsBoundary"), tags: m.tags(),
      }),
      request: (i) => i,
      resource: (i, p) => iamArn(p.accountId, "role", i.path ?? "/", i.roleName),
      invoke: (i, ctx) => iam.roles.create(ctx, i),
      result: (created) => ({ Role: roleXml(created, true) }),
    }),
    iamTargetOperation({
      name: "GetRole",
      decode: (m) => ({ roleName: m.required("RoleName") }),
      target: (i, ctx) => t.role(ctx, i.roleName),
      invoke: (_i, found, ctx) => iam.roles.get(ctx, found),
      result: (found) => ({ Role: roleXml(found, true) }),
    }),
    iamOperation({
      name: "ListRoles",
      decode: (m) => ({ pathPrefix: m.string("PathPrefix"), ...m.page() }),
      resource: ANY_RESOURCE,
      invoke: (i, ctx) => iam.roles.list(ctx, i),
      result: (page) => pageXml("Roles", page, (r) => roleXml(r, false)),
    }),
    iamTargetOperation({
      name: "DeleteRole",
      decode: (m) => ({ roleName: m.required("RoleName") }),
      target: (i, ctx) => t.role(ctx, i.roleName),
      invoke: (_i, found, ctx) => iam.roles.delete(ctx, found),
    }),
    iamTargetOperation({
      name: "UpdateAssumeRolePolicy",
      decode: (m) => ({ roleName: m.required("RoleName"), policyDocument: m.required("PolicyDocument") }),
      target: (i, ctx) => t.role(ctx, i.roleName),
      invoke: (i, found, ctx) => iam.roles.updateTrustPolicy(ctx, found, i.policyDocument),
    }),
    iamTargetOperation({
      name: "TagRole",
      decode: (m) => ({ roleName: m.required("RoleName"), tags: m.tags() ?? [] }),
      request: (i) => i,
      target: (i, ctx) => t.holder(ctx, "role", i.roleName),
      invoke: (i, found, ctx) => iam.settings.tag(ctx, found, i.tags),
    }),
    iamTargetOperation({
      name: "UntagRole",
      decode: (m) => ({ roleName: m.required("RoleName"), tagKeys: m.strings("TagKeys") ?? [] }),
      request: (i) => i,
      target: (i, ctx) => t.holder(ctx, "role", i.roleName),
      invoke: (i, found, ctx) => iam.settings.untag(ctx, found, i.tagKeys),
    }),
    iamTargetOperation({
      name: "ListRoleTags",
      decode: (m) => ({ roleName: m.required("RoleName"), ...m.page() }),
      target: (i, ctx) => t.holder(ctx, "role", i.roleName),
      invoke: (i, found, ctx) => iam.settings.listTags(ctx, found, i),
      result: (page) => ({ Tags: tagsXml(page.items), IsTruncated: page.isTruncated, Marker: page.marker }),
    }),
    iamTargetOperation({
      name: "PutRolePermissionsBoundary",
      decode: (m) => ({ roleName: m.required("RoleName"), permissionsBoundary: m.required("PermissionsBoundary") }),
      // The boundary being set is the one conditions see, not the one it replaces.
      request: (i) => i,
      target: (i, ctx) => t.holder(ctx, "role", i.roleName),
      invoke: (i, found, ctx) => iam.settings.putBoundary(ctx, found, i.permissionsBoundary),
    }),
    iamTargetOperation({
      name: "DeleteRolePermissionsBoundary",
      decode: (m) => ({ roleName: m.required("RoleName") }),
      target: (i, ctx) => t.holder(ctx, "role", i.roleName),
      invoke: (_i, found, ctx) => iam.settings.deleteBoundary(ctx, found),
    }),
  ];
}
