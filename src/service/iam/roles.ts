import type { RequestContext } from "../../kernel/index.js";
import type { RoleRecord, Tag } from "../../store/iam-port.js";
import { iamArn } from "./arns.js";
import type { IamDeps } from "./deps.js";
import { changedAccount } from "./changes.js";
import { found } from "./targets.js";
import type { Target } from "./targets.js";
import { alreadyExists, deleteConflict, translating } from "./errors.js";
import { newRoleId } from "./ids.js";
import { paginate } from "./paging.js";
import type { Page, PageRequest } from "./paging.js";
import { POLICY_SIZE, policySize, requireSize, validateStored } from "./policy-check.js";
import { findPolicy } from "./policy-lookup.js";
import { addTags } from "./tags.js";
import { checkDocument, checkMaxSessionDuration, checkName, checkPath, checkPathPrefix, checkRoleDescription, checkTags } from "./validate.js";

export interface RoleView extends RoleRecord {
  readonly tags?: readonly Tag[];
}

export interface CreateRoleInput {
  readonly roleName: string;
  readonly path?: string;
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly permissionsBoundary?: string;
  readonly tags?: readonly Tag[];
}

/** A trust policy: the model's characters, IAM's size quota, then the engine's trust grammar. */
function checkTrustPolicy(deps: IamDeps, field: string, document: string, roleName: string): void {
  checkDocument(field, document);
  requireSize(policySize(document), POLICY_SIZE.trust, `Cannot exceed quota for ACLSizePerRole: ${POLICY_SIZE.trust}`);
  validateStored(deps, document, "trust", `role/${roleName}:trust`);
}

/** CreateRole, GetRole, ListRoles, DeleteRole, UpdateAssumeRolePolicy. */
export class Roles {
  constructor(private readonly deps: IamDeps) {}

  async create(ctx: RequestContext, input: CreateRoleInput): Promise<RoleView> {
    const { accountId } = ctx.principal;
    const path = input.path ?? "/";
    checkName("roleName", input.roleName, 64);
    checkPath("path", path);
    if (input.description !== undefined) checkRoleDescription(input.description);
    if (input.maxSessionDuration !== undefined) checkMaxSessionDuration(input.maxSessionDuration);
    checkTags("tags", input.tags ?? []);
    checkTrustPolicy(this.deps, "assumeRolePolicyDocument", input.assumeRolePolicyDocument, input.roleName);
    if (input.permissionsBoundary !== undefined) await findPolicy(this.deps, ctx.principal, "permissionsBoundary", input.permissionsBoundary);
    const exists = () => alreadyExists(`Role with name ${input.roleName} already exists.`);
    if (await this.deps.iam.getRole(accountId, input.roleName)) throw exists();
    const role: RoleRecord = {
      roleId: newRoleId(), accountId, roleName: input.roleName, path,
      arn: iamArn(accountId, "role", path, input.roleName),
      description: input.description, trustPolicy: input.assumeRolePolicyDocument,
      maxSessionDurationSeconds: input.maxSessionDuration ?? 3600,
      permissionsBoundaryArn: input.permissionsBoundary, createdAt: this.deps.clock.now(),
    };
    await translating(this.deps.iam.createRole(role), "conflict", exists);
    if (input.tags?.length) await addTags(this.deps, role.arn, input.tags, "Role");
    changedAccount(this.deps, ctx);
    return { ...role, tags: input.tags?.length ? input.tags : undefined };
  }

  /** The role as found before authorisation: its tags were read then. */
  async get(_ctx: RequestContext, target: Target<RoleRecord>): Promise<RoleView> {
    return { ...found(target), tags: target.tags.length ? target.tags : undefined };
  }

  async list(ctx: RequestContext, input: { readonly pathPrefix?: string } & PageRequest): Promise<Page<RoleRecord>> {
    if (input.pathPrefix !== undefined) checkPathPrefix("pathPrefix", input.pathPrefix);
    const roles = await this.deps.iam.listRoles(ctx.principal.accountId, input.pathPrefix);
    return paginate(roles, (r) => r.roleName.toLowerCase(), input);
  }

  async delete(ctx: RequestContext, target: Target<RoleRecord>): Promise<void> {
    const role = found(target);
    const { iam } = this.deps;
    if ((await iam.listInlinePolicyNames("role", role.roleId)).length > 0) throw deleteConflict("Cannot delete entity, must delete policies first.");
    if ((await iam.listAttachedPolicies("role", role.roleId)).length > 0) throw deleteConflict("Cannot delete entity, must detach all policies first.");
    await translating(iam.deleteRole(role.roleId), "conflict", () => deleteConflict("Cannot delete entity, it still has policies."));
    changedAccount(this.deps, ctx);
  }

  async updateTrustPolicy(ctx: RequestContext, target: Target<RoleRecord>, document: string): Promise<void> {
    const role = found(target);
    checkTrustPolicy(this.deps, "policyDocument", document, role.roleName);
    await this.deps.iam.updateTrustPolicy(role.roleId, document);
    changedAccount(this.deps, ctx);
  }
}
