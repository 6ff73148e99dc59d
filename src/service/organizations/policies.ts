import { isFault } from "../../kernel/index.js";
import type { ServiceControlPolicyRecord } from "../../store/iam-port.js";
import { policyArn } from "./arns.js";
import { describeProblems } from "./compiler.js";
import { OrganizationsFault, alreadyExists, constraintViolation, invalidInput, notFound } from "./faults.js";
import { newPolicyId } from "./ids.js";
import type { OrganizationCore } from "./organization.js";
import type { OrganizationTags } from "./tags.js";
import { paginate } from "./pages.js";
import type { Page, PageRequest } from "./pages.js";
import { SCP } from "./ports.js";
import type { Caller, OrganizationPorts } from "./ports.js";
import type { CreatePolicyInput, PolicyView, UpdatePolicyInput } from "./views.js";

/** Organizations' quotas for SCPs. */
export const SCP_MAX_CHARACTERS = 5120;
export const SCP_MAX_POLICIES = 1000;

/**
 * Service control policies: created, read, changed and deleted by the management account.
 * Documents are validated by the policy engine as SCPs when written, so the authorizer never
 * meets one it cannot read.
 */
export class ServiceControlPolicies {
  constructor(private readonly core: OrganizationCore, private readonly ports: OrganizationPorts, private readonly tags: OrganizationTags) {}

  async create(caller: Caller, input: CreatePolicyInput): Promise<PolicyView> {
    const org = await this.core.forManagement(caller);
    requireScpType(input.type);
    const policyId = newPolicyId();
    const arn = policyArn(org, policyId, false);
    this.#validate(input.content, arn);
    const existing = await this.ports.organizations.listPolicies();
    if (existing.length >= SCP_MAX_POLICIES) throw constraintViolation("POLICY_NUMBER_LIMIT_EXCEEDED", `An organization can hold at most ${SCP_MAX_POLICIES} service control policies`);
    if (existing.some((p) => p.name === input.name)) throw duplicateName();
    const record: ServiceControlPolicyRecord = {
      policyId, arn, name: input.name, description: input.description,
      document: input.content, awsManaged: false,
    };
    await this.ports.organizations.createPolicy(record).catch(conflictAs(duplicateName));
    await this.tags.tag(record.policyId, input.tags);
    return view(record);
  }

  async describe(caller: Caller, policyId: string): Promise<PolicyView> {
    await this.core.forManagement(caller);
    return view(await this.get(policyId));
  }

  async update(caller: Caller, input: UpdatePolicyInput): Promise<PolicyView> {
    await this.core.forManagement(caller);
    const current = await this.get(input.policyId);
    if (current.awsManaged) throw immutable(current);
    if (input.content !== undefined) this.#validate(input.content, current.arn);
    if (input.name !== undefined && input.name !== current.name) {
      const others = await this.ports.organizations.listPolicies();
      if (others.some((p) => p.name === input.name && p.policyId !== current.policyId)) throw duplicateName();
    }
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.content !== undefined ? { document: input.content } : {}),
    };
    await this.ports.organizations.updatePolicy(current.policyId, changes).catch(conflictAs(duplicateName));
    // A new document applies wherever the policy is attached.
    if (input.content !== undefined) this.ports.changes.notify({ scope: "organization" });
    return view({ ...current, ...changes });
  }

  async delete(caller: Caller, policyId: string): Promise<void> {
    await this.core.forManagement(caller);
    const current = await this.get(policyId);
    if (current.awsManaged) throw immutable(current);
    if ((await this.ports.organizations.listTargetsForPolicy(policyId)).length > 0) throw inUse();
    await this.ports.organizations.deletePolicy(policyId).catch(conflictAs(inUse));
  }

  async list(caller: Caller, filter: string, page: PageRequest): Promise<Page<PolicyView>> {
    await this.core.forManagement(caller);
    // Only SCPs exist here: a filter for another type finds none.
    const policies = filter === SCP ? await this.ports.organizations.listPolicies() : [];
    return paginate(policies.map(view), (p) => p.policyId, page, "ListPolicies");
  }

  /** A policy that exists, or PolicyNotFoundException. */
  async get(policyId: string): Promise<ServiceControlPolicyRecord> {
    const policy = await this.ports.organizations.getPolicy(policyId);
    if (!policy) throw notFound("policy-not-found", `We can't find a policy with the ID ${policyId}`);
    return policy;
  }

  #validate(content: string, label: string): void {
    if ([...content].length > SCP_MAX_CHARACTERS) {
      throw constraintViolation("POLICY_CONTENT_LIMIT_EXCEEDED", `A service control policy can have at most ${SCP_MAX_CHARACTERS} characters`);
    }
    const compiled = this.ports.compile(content, "scp", label, { maxLength: SCP_MAX_CHARACTERS });
    if (!compiled.ok) {
      throw new OrganizationsFault("malformed-policy", "malformed-policy",
        `The provided policy document doesn't meet the requirements of the specified policy type: ${describeProblems(compiled.problems)}`);
    }
  }
}

export function view(p: ServiceControlPolicyRecord): PolicyView {
  return { policyId: p.policyId, arn: p.arn, name: p.name, description: p.description, type: SCP, awsManaged: p.awsManaged, content: p.document };
}

/** Only SCPs are served; the model's other policy types are refused as AWS refuses an unavailable one. */
export function requireScpType(type: string): void {
  if (type !== SCP) {
    throw new OrganizationsFault("validation", "policy-type-not-available",
      `The policy type ${type} is not available in this organization: only ${SCP} is supported`);
  }
}

const duplicateName = (): OrganizationsFault => alreadyExists("duplicate-policy", "A policy with the same name already exists");
const inUse = (): OrganizationsFault => new OrganizationsFault("in-use", "policy-in-use", "The policy is attached to one or more entities: detach it from every root and account first");
const immutable = (p: ServiceControlPolicyRecord): OrganizationsFault =>
  invalidInput("IMMUTABLE_POLICY", "PolicyId", `the AWS managed policy ${p.name} cannot be changed or deleted`);

/** A store conflict (a race another request won) reported as the error the operation defines. */
function conflictAs(make: () => OrganizationsFault): (error: unknown) => never {
  return (error: unknown) => {
    if (isFault(error) && error.kind === "conflict") throw make();
    throw error;
  };
}
