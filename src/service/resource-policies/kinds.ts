import { isFault } from "../../kernel/index.js";
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
