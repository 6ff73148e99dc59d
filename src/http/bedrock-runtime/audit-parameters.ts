import type { AuditFields } from "../../kernel/index.js";
import type { ConverseCommand } from "../../service/commands.js";

/**
 * What the audit trail records of a Converse or ConverseStream call: the canonical model id, the
 * numeric inference settings, the guardrail and the service tier. Never the messages, the system
 * prompt, tool definitions, stop sequences (caller text) or request metadata.
 */
export function converseAuditParameters(cmd: ConverseCommand & { readonly known: boolean }): AuditFields {
  const i = cmd.inference;
  const inferenceConfig: Record<string, number> = {};
  if (i.maxTokens !== undefined) inferenceConfig["maxTokens"] = i.maxTokens;
  if (i.temperature !== undefined) inferenceConfig["temperature"] = i.temperature;
  if (i.topP !== undefined) inferenceConfig["topP"] = i.topP;
  return {
    // An identifier that names no model of ours is caller text: not recorded.
    modelId: cmd.known ? cmd.modelId : null,
    ...(Object.keys(inferenceConfig).length === 0 ? {} : { inferenceConfig }),
    ...(cmd.guardrail === undefined ? {} : { guardrailConfig: { guardrailIdentifier: cmd.guardrail.identifier, guardrailVersion: cmd.guardrail.version } }),
    ...(i.serviceTier === undefined ? {} : { serviceTier: i.serviceTier }),
  };
}
