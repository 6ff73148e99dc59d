import type { UserRecord } from "../../store/index.js";
import type { GroupRecord, PolicyVersionRecord, RoleRecord, Tag } from "../../store/iam-port.js";
import type { Page, PolicyView, RoleView, UserView } from "../../service/iam/index.js";
import type { XmlValue } from "../protocols/xml.js";

/**
 * IAM's response shapes (botocore iam 2010-05-08: User, Group, Role, Policy, PolicyVersion, Tag)
 * as XML members. Policy documents travel URL-encoded, as IAM sends them (RFC 3986; clients
 * decode them with decodeURIComponent).
 */
export type XmlRecord = Record<string, XmlValue>;

export const urlEncoded = (document: string): string => encodeURIComponent(document);

export const tagsXml = (tags: readonly Tag[] | undefined): XmlValue =>
  tags === undefined ? undefined : tags.map((t) => ({ Key: t.key, Value: t.value }));

const boundaryXml = (arn: string | undefined): XmlValue =>
  arn === undefined ? undefined : { PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: arn };

export function userXml(user: UserRecord | UserView): XmlRecord {
  const view = user as UserView;
  return {
    Path: user.path, UserName: user.userName, UserId: user.userId, Arn: user.arn, CreateDate: user.createdAt,
    PermissionsBoundary: boundaryXml(view.permissionsBoundaryArn), Tags: tagsXml(view.tags),
  };
}

export const groupXml = (group: GroupRecord): XmlRecord =>
  ({ Path: group.path, GroupName: group.groupName, GroupId: group.groupId, Arn: group.arn, CreateDate: group.createdAt });

/** ListRoles leaves out the boundary and tags, as IAM does; GetRole and CreateRole include them. */
export function roleXml(role: RoleRecord | RoleView, full: boolean): XmlRecord {
  return {
    Path: role.path, RoleName: role.roleName, RoleId: role.roleId, Arn: role.arn, CreateDate: role.createdAt,
    AssumeRolePolicyDocument: urlEncoded(role.trustPolicy), Description: role.description,
    MaxSessionDuration: role.maxSessionDurationSeconds,
    PermissionsBoundary: full ? boundaryXml(role.permissionsBoundaryArn) : undefined,
    Tags: full ? tagsXml((role as RoleView).tags) : undefined,
  };
}

export function policyXml(policy: PolicyView): XmlRecord {
  return {
    PolicyName: policy.policyName, PolicyId: policy.policyId, Arn: policy.arn, Path: policy.path,
    DefaultVersionId: policy.defaultVersionId, AttachmentCount: policy.attachmentCount,
    PermissionsBoundaryUsageCount: undefined, IsAttachable: true, Description: policy.description,
    CreateDate: policy.createdAt, UpdateDate: policy.updatedAt, Tags: tagsXml(policy.tags),
  };
}

export const versionXml = (version: PolicyVersionRecord, withDocument: boolean): XmlRecord => ({
  Document: withDocument ? urlEncoded(version.document) : undefined,
  VersionId: version.versionId, IsDefaultVersion: version.isDefault, CreateDate: version.createdAt,
});

/** A List* answer: the items under their member name, then IsTruncated and (when truncated) Marker. */
export function pageXml<T>(member: string, page: Page<T>, item: (t: T) => XmlValue): XmlRecord {
  return { [member]: page.items.map(item), IsTruncated: page.isTruncated, Marker: page.marker };
}
