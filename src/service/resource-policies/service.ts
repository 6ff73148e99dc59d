import { Fault, parseArn } from "../../kernel/index.js";
import type { ParsedArn } from "../../kernel/index.js";
import type { ResourcePolicyStore } from "../../store/iam-port.js";
import type { IdentityStore } from "../../store/port.js";
import { describeProblems } from "../organizations/index.js";
import type { LabelledDocument, PolicyCompiler } from "../organizations/index.js";
import type { PolicyChanges } from "../policy-changes.js";
import type { ResourcePolicyKind } from "./kinds.js";

/** Bedrock's limit on a resource policy document (botocore `ResourcePolicyDocument`). */
export const RESOURCE_POLICY_MAX_CHARACTERS = 20480;

export interface ResourcePolicyPorts {
  readonly store: ResourcePolicyStore;
  readonly identity: Pick<IdentityStore, "getManagementAccount">;
  readonly compile: PolicyCompiler;
  readonly kinds: readonly ResourcePolicyKind[];
  /** The deployment's region: ARNs of other regions name nothing here. */
  readonly region: string;
  /** Told after a policy is put or deleted, so this node's caches drop it at once (others within their recheck time). */
  readonly changes: PolicyChanges;
}

export interface Caller {
  readonly accountId: string;
}

/**
 * Bedrock resource policies (PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy): one
 * document per resource, validated by the policy engine as a resource policy (a Principal is
 * required), managed by principals of the resource's owner, and read by the authorizer.
 */
export class ResourcePolicyService {
  constructor(private readonly ports: ResourcePolicyPorts) {}

  async put(caller: Caller, resourceArn: string, document: string): Promise<string> {
    const owner = await this.#ownedBy(caller, resourceArn);
    const compiled = this.ports.compile(document, "resource", resourceArn, { maxLength: RESOURCE_POLICY_MAX_CHARACTERS });
    if (!compiled.ok) {
      throw new Fault("malformed-policy", `resourcePolicy is not a valid resource policy: ${describeProblems(compiled.problems)}`, { field: "resourcePolicy" });
    }
    await this.ports.store.put(resourceArn, owner, document);
    this.ports.changes.notify({ scope: "resource", resourceArn });
    return resourceArn;
  }

  async get(caller: Caller, resourceArn: string): Promise<string> {
    await this.#ownedBy(caller, resourceArn);
    const document = await this.ports.store.get(resourceArn);
    if (document === undefined) throw noPolicy(resourceArn);
    return document;
  }

  async delete(caller: Caller, resourceArn: string): Promise<void> {
    await this.#ownedBy(caller, resourceArn);
    if (!(await this.ports.store.delete(resourceArn))) throw noPolicy(resourceArn);
    this.ports.changes.notify({ scope: "resource", resourceArn });
  }

  /** For the authorizer: the policy on the resource a request acts on, if any. */
  async resourcePolicyFor(resourceArn: string): Promise<LabelledDocument | undefined> {
    const document = await this.ports.store.get(resourceArn);
    return document === undefined ? undefined : { label: resourceArn, document };
  }

  /** The resource's owning account, once the caller is known to belong to it. */
  async #ownedBy(caller: Caller, resourceArn: string): Promise<string> {
    const arn = parseArn(resourceArn);
    if (!arn || arn.partition !== "aws" || arn.service !== "bedrock") {
      throw new Fault("validation", "resourceArn must be the ARN of a Bedrock resource", { field: "resourceArn" });
    }
    const kind = this.#kind(arn);
    if (arn.region !== this.ports.region) throw notFound(resourceArn);
    const management = await this.ports.identity.getManagementAccount();
    if (!management) throw new Fault("internal", "resource policies need the management account to exist");
    const owner = await kind.owner(arn, management.accountId);
    if (owner === undefined) throw notFound(resourceArn);
    if (owner !== caller.accountId) {
      throw new Fault("access-denied", owner === management.accountId && arn.account === ""
        ? "Resource policies on shared resources (foundation models) are managed by principals of the management account"
        : "Resource policies are managed by principals of the account that owns the resource");
    }
    return owner;
  }

  #kind(arn: ParsedArn): ResourcePolicyKind {
    const type = arn.resource.split("/")[0] ?? "";
    const kind = this.ports.kinds.find((k) => k.resourceType === type);
    if (kind) return kind;
    const supported = this.ports.kinds.map((k) => k.resourceType).join(", ");
    const named = /^[a-z][a-z-]{0,39}$/.test(type) ? `${type} resources do not` : "This resource type does not";
    throw new Fault("validation", `${named} support resource policies here; supported: ${supported}`, { field: "resourceArn" });
  }
}

const notFound = (arn: string): Fault => new Fault("not-found", `The resource ${arn} was not found`, { field: "resourceArn" });
const noPolicy = (arn: string): Fault => new Fault("not-found", `No resource policy is attached to ${arn}`, { field: "resourceArn" });
