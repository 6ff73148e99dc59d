import { parseArn } from "../../kernel/index.js";

/** Which models an enforced configuration covers, as Bedrock's ModelEnforcement states it. */
export interface ModelEnforcement {
  /** At least one: model ids, or `ALL`. */
  readonly includedModels: readonly string[];
  readonly excludedModels: readonly string[];
}

/** The word in `includedModels` that covers every model. */
export const ALL_MODELS = "ALL";

/**
 * The names a model answers to in a configuration's lists. Bedrock's lists hold model ids
 * (`anthropic.claude-3-haiku-20240307-v1:0`), so an ARN is reduced to the id in its resource,
 * and a cross-region profile id (`eu.anthropic...`) also answers to the model it routes to: an
 * account that enforces a guardrail on a model must not be sidestepped by calling it through a
 * system-defined profile.
 */
export function modelNames(model: string): string[] {
  const parsed = model.startsWith("arn:") ? parseArn(model) : undefined;
  const id = parsed ? parsed.resource.slice(parsed.resource.indexOf("/") + 1) : model;
  const names = [id];
  const dot = id.indexOf(".");
  // A profile id is `<geography>.<provider>.<model>`: two dots before any version colon.
  if (dot > 0 && id.slice(dot + 1, id.includes(":") ? id.indexOf(":") : undefined).includes(".")) names.push(id.slice(dot + 1));
  return names;
}

/**
 * True when the configuration applies to the model. Absent: every model (as Bedrock documents).
 * A model in both lists is excluded (as Bedrock documents); `ALL` includes every model.
 */
export function enforcedOn(enforcement: ModelEnforcement | undefined, model: string): boolean {
  if (enforcement === undefined) return true;
  const names = modelNames(model);
  if (enforcement.excludedModels.some((m) => names.includes(m))) return false;
  return enforcement.includedModels.some((m) => m === ALL_MODELS || names.includes(m));
}
