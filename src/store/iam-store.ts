import type { Kysely } from "kysely";
import { IamAttachments } from "./iam-attachments.js";
import { IamBoundaries } from "./iam-boundaries.js";
import { IamGroups } from "./iam-groups.js";
import { IamInlinePolicies } from "./iam-inline.js";
import { IamMfaDevices } from "./iam-mfa.js";
import { IamMfaCodes } from "./iam-mfa-codes.js";
import { IamPolicies } from "./iam-policies.js";
import { IamPolicyVersions } from "./iam-policy-versions.js";
import type { IamStore } from "./iam-port.js";
import { IamPrincipalPolicies } from "./iam-principal-policies.js";
import { IamRoles } from "./iam-roles.js";
import { IamTags } from "./iam-tags.js";
import { readChangeCounter } from "./iam-tx.js";
import { IamUsers } from "./iam-users.js";
import type { Database } from "./schema.js";

/**
 * The IamStore over kysely: one repository per concern, gathered here so the port stays one
 * object. Every method is bound to its repository.
 */
export function kyselyIamStore(db: Kysely<Database>): IamStore {
  const users = new IamUsers(db);
  const boundaries = new IamBoundaries(db);
  const groups = new IamGroups(db);
  const roles = new IamRoles(db);
  const policies = new IamPolicies(db);
  const versions = new IamPolicyVersions(db);
  const attachments = new IamAttachments(db);
  const inline = new IamInlinePolicies(db);
  const tags = new IamTags(db);
  const mfa = new IamMfaDevices(db);
  const codes = new IamMfaCodes(db);
  const principals = new IamPrincipalPolicies(db);
  return Object.freeze({
    listUsers: users.listUsers.bind(users),
    getUserById: users.getUserById.bind(users),
    deleteUser: users.deleteUser.bind(users),
    setPermissionsBoundary: boundaries.setPermissionsBoundary.bind(boundaries),
    getPermissionsBoundary: boundaries.getPermissionsBoundary.bind(boundaries),

    createGroup: groups.createGroup.bind(groups),
    getGroup: groups.getGroup.bind(groups),
    listGroups: groups.listGroups.bind(groups),
    deleteGroup: groups.deleteGroup.bind(groups),
    addUserToGroup: groups.addUserToGroup.bind(groups),
    removeUserFromGroup: groups.removeUserFromGroup.bind(groups),
    listGroupsForUser: groups.listGroupsForUser.bind(groups),
    listUsersInGroup: groups.listUsersInGroup.bind(groups),

    createRole: roles.createRole.bind(roles),
    getRole: roles.getRole.bind(roles),
    getRoleById: roles.getRoleById.bind(roles),
    listRoles: roles.listRoles.bind(roles),
    deleteRole: roles.deleteRole.bind(roles),
    updateTrustPolicy: roles.updateTrustPolicy.bind(roles),

    createPolicy: policies.createPolicy.bind(policies),
    getPolicy: policies.getPolicy.bind(policies),
    listPolicies: policies.listPolicies.bind(policies),
    deletePolicy: policies.deletePolicy.bind(policies),
    createPolicyVersion: versions.createPolicyVersion.bind(versions),
    getPolicyVersion: versions.getPolicyVersion.bind(versions),
    listPolicyVersions: versions.listPolicyVersions.bind(versions),
    deletePolicyVersion: versions.deletePolicyVersion.bind(versions),
    setDefaultPolicyVersion: versions.setDefaultPolicyVersion.bind(versions),

    attachPolicy: attachments.attachPolicy.bind(attachments),
    detachPolicy: attachments.detachPolicy.bind(attachments),
    listAttachedPolicies: attachments.listAttachedPolicies.bind(attachments),
    listEntitiesForPolicy: attachments.listEntitiesForPolicy.bind(attachments),

    putInlinePolicy: inline.putInlinePolicy.bind(inline),
    getInlinePolicy: inline.getInlinePolicy.bind(inline),
    listInlinePolicyNames: inline.listInlinePolicyNames.bind(inline),
    deleteInlinePolicy: inline.deleteInlinePolicy.bind(inline),

    tagResource: tags.tagResource.bind(tags),
    untagResource: tags.untagResource.bind(tags),
    listTags: tags.listTags.bind(tags),

    createMfaDevice: mfa.createMfaDevice.bind(mfa),
    getMfaDevice: mfa.getMfaDevice.bind(mfa),
    resealMfaSeed: mfa.resealMfaSeed.bind(mfa),
    enableMfaDevice: mfa.enableMfaDevice.bind(mfa),
    deactivateMfaDevice: mfa.deactivateMfaDevice.bind(mfa),
    listMfaDevices: mfa.listMfaDevices.bind(mfa),
    deleteMfaDevice: mfa.deleteMfaDevice.bind(mfa),
    useMfaStep: codes.useMfaStep.bind(codes),
    claimMfaAttempt: codes.claimMfaAttempt.bind(codes),

    policiesForUser: principals.policiesForUser.bind(principals),
    policiesForRole: principals.policiesForRole.bind(principals),
    changeCounter: (accountId: string) => readChangeCounter(db, accountId),
  });
}
