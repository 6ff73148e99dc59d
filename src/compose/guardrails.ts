import { guardrailOperations, guardrailTaggable } from "../http/bedrock/guardrail-routes.js";
import type { TaggableResources } from "../http/bedrock/tag-routes.js";
import { GuardrailControl } from "../service/guardrails/index.js";
import type { GuardrailDirectory, GuardrailValidator } from "../service/guardrails/index.js";
import type { Capability, Foundation } from "./capability.js";

/** Until the guardrail compiler lands, a configuration the codec accepted is stored as it is. */
const acceptAll: GuardrailValidator = () => undefined;

/** The guardrails capability and what others read from it. */
export interface Guardrails extends Capability {
  /** How inference resolves a guardrail version (the models capability's guard reads through it). */
  readonly directory: GuardrailDirectory;
  /** Guardrails for the shared tag operations (compose/tagging.ts). */
  readonly taggable: TaggableResources;
}

/**
 * Bedrock guardrails' control plane: each account's guardrails, DRAFTs and numbered versions,
 * configurations sealed under the secret box. `validate` checks a configuration before it is
 * stored (unsafe regexes, detector budgets).
 */
export function guardrailsCapability({ config, store, box, clock }: Foundation, validate: GuardrailValidator = acceptAll): Guardrails {
  const control = new GuardrailControl({ store: store.guardrails, box, clock, region: config.region, validate });
  return {
    name: "guardrails",
    directory: control,
    taggable: guardrailTaggable(control),
    operations: guardrailOperations(control),
  };
}
