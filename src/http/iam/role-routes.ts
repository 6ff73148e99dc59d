import type { Principal } from "../../kernel/index.js";
import type { IamService } from "../../service/iam/index.js";
import { iamArn, requestedArn } from "../../service/iam/index.js";
import type { Operation } from "../operation.js";
import { ANY_RESOURCE, iamOperation, requestConditions } from "./operation-kit.js";
import { pageXml, roleXml, tagsXml } from "./shapes.js";

/** Roles: trust policies, tags and permissions boundaries. */
export function roleOperations(iam: IamService): Operation[] {
  const byName = <T extends { readonly roleName: string }>(i: T, p: Principal): string => requestedArn(p, "role", i.roleName);
  return [
    iamOperation({
      name: "CreateRole",
      decode: (m) => ({
        roleName: m.required("RoleName"), path: m.string("Path"), assumeRolePolicyDocument: m.required("AssumeRolePolicyDocument"),
        description: m.string("Description"), maxSessionDuration: m.integer("MaxSessionDuration"),
        permissionsBoundary: m.string("PermissionsBoundary"), tags: m.tags(),
      }),
      conditions: (i) => requestConditions(i),
      resource: (i, p) => iamArn(p.accountId, "role", i.path ?? "/", i.roleName),
      invoke: (i, ctx) => iam.roles.create(ctx, i),
      result: (role) => ({ Role: roleXml(role, true) }),
    }),
    iamOperation({
      name: "GetRole",
      decode: (m) => ({ roleName: m.required("RoleName") }),
      resource: byName,
      invoke: (i, ctx) => iam.roles.get(ctx, i.roleName),
      result: (role) => ({ Role: roleXml(role, true) }),
    }),
    iamOperation({
      name: "ListRoles",
      decode: (m) => ({ pathPrefix: m.string("PathPrefix"), ...m.page() }),
      resource: ANY_RESOURCE,
      invoke: (i, ctx) => iam.roles.list(ctx, i),
      result: (page) => pageXml("Roles", page, (r) => roleXml(r, false)),
    }),
    iamOperation({
      name: "DeleteRole",
      decode: (m) => ({ roleName: m.required("RoleName") }),
      resource: byName,
      invoke: (i, ctx) => iam.roles.delete(ctx, i.roleName),
    }),
    iamOperation({
      name: "UpdateAssumeRolePolicy",
      decode: (m) => ({ roleName: m.required("RoleName"), policyDocument: m.required("PolicyDocument") }),
      resource: byName,
      invoke: (i, ctx) => iam.roles.updateTrustPolicy(ctx, i.roleName, i.policyDocument),
    }),
    iamOperation({
      name: "TagRole",
      decode: (m) => ({ roleName: m.required("RoleName"), tags: m.tags() ?? [] }),
      conditions: (i) => requestConditions(i),
      resource: byName,
      invoke: (i, ctx) => iam.settings.tag(ctx, "role", i.roleName, i.tags),
    }),
    iamOperation({
      name: "UntagRole",
      decode: (m) => ({ roleName: m.required("RoleName"), tagKeys: m.strings("TagKeys") ?? [] }),
      conditions: (i) => requestConditions(i),
      resource: byName,
      invoke: (i, ctx) => iam.settings.untag(ctx, "role", i.roleName, i.tagKeys),
    }),
    iamOperation({
      name: "ListRoleTags",
      decode: (m) => ({ roleName: m.required("RoleName"), ...m.page() }),
      resource: byName,
      invoke: (i, ctx) => iam.settings.listTags(ctx, "role", i.roleName, i),
      result: (page) => ({ Tags: tagsXml(page.items), IsTruncated: page.isTruncated, Marker: page.marker }),
    }),
    iamOperation({
      name: "PutRolePermissionsBoundary",
      decode: (m) => ({ roleName: m.required("RoleName"), permissionsBoundary: m.required("PermissionsBoundary") }),
      conditions: (i) => requestConditions(i),
      resource: byName,
      invoke: (i, ctx) => iam.settings.putBoundary(ctx, "role", i.roleName, i.permissionsBoundary),
    }),
    iamOperation({
      name: "DeleteRolePermissionsBoundary",
      decode: (m) => ({ roleName: m.required("RoleName") }),
      resource: byName,
      invoke: (i, ctx) => iam.settings.deleteBoundary(ctx, "role", i.roleName),
    }),
  ];
}
