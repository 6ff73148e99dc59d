import { Fault, isFault } from "../../kernel/index.js";
import type { ParsedArn } from "../../kernel/index.js";

/**
 * A kind of Bedrock resource that can carry a resource policy. Each kind says whether the
 * resource an ARN names exists and which account owns it; only principals of the owner manage
 * its policy. Kinds arrive with their resources (guardrails, knowledge bases, custom models...):
 * each adds one of these, and nothing else here changes.
 */
export interface ResourcePolicyKind {
  /** The first segment of the ARN's resource part: `foundation-model`, `guardrail`, ... */
  readonly resourceType: string;
  /**
   * The owning account, or undefined when no such resource exists. `managementAccountId` is the
   * owner of what the deployment shares with every account (the catalogue's foundation models).
   */
  owner(arn: ParsedArn, managementAccountId: string): Promise<string | undefined>;
}

/** The part of the model catalogue this needs: a lookup that throws a not-found Fault. */
export interface ModelLookup {
  resolve(modelId: string): unknown;
}

/**
 * Foundation models: `arn:aws:bedrock:<region>::foundation-model/<id>`, with no account, as AWS
 * writes them. Every account uses them, so a policy on one affects every tenant: only the
 * management account (the deployment's owner) may set it.
 */
export function foundationModels(catalogue: ModelLookup): ResourcePolicyKind {
  return {
    resourceType: "foundation-model",
    async owner(arn, managementAccountId) {
      if (arn.account !== "") return undefined;
      const modelId = arn.resource.slice("foundation-model/".length);
      if (modelId === "") return undefined;
      try {
        catalogue.resolve(modelId);
        return managementAccountId;
      } catch (error) {
        if (isFault(error) && error.kind === "not-found") return undefined;
        // Listed but unusable (an UNAVAILABLE local file): it exists, so it may carry a policy.
        if (isFault(error) && error.kind === "model-error") return managementAccountId;
        throw error;
      }
    },
  };
}

/** The part of the guardrail store this needs: one account's guardrail by id (undefined when it has none). */
export interface GuardrailLookup {
  get(accountId: string, guardrailId: string): Promise<unknown>;
}

/**
 * Guardrails: `arn:aws:bedrock:<region>:<account>:guardrail/<id>`, owned by the account the ARN
 * names when that account has the guardrail. The policy is stored and read under this one
 * spelling (the one ApplyGuardrail and inference authorise on), so any other spelling (an
 * upper-case id, another account) names nothing. A version suffix is refused: IAM's guardrail
 * resource has no version (`guardrail/${GuardrailId}`), and a policy on one version would be
 * one no request is ever authorised on.
 */
export function guardrails(store: GuardrailLookup): ResourcePolicyKind {
  return {
    resourceType: "guardrail",
    async owner(arn) {
      const id = arn.resource.slice("guardrail/".length);
      if (/^[a-z0-9]+:/.test(id)) {
        throw new Fault("validation", "A resource policy applies to a whole guardrail, not to one version: name the guardrail's ARN without `:<version>`", { field: "resourceArn" });
      }
      if (!/^\d{12}$/.test(arn.account) || !/^[a-z0-9]{1,64}$/.test(id)) return undefined;
      return (await store.get(arn.account, id)) === undefined ? undefined : arn.account;
    },
  };
}
