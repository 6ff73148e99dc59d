import { invalid } from "../../kernel/index.js";
import { GUARDING_MODES } from "../../service/guardrails/enforced.js";
import type { EnforcedGuardrailInput, GuardingMode } from "../../service/guardrails/enforced.js";
import type { ModelEnforcement } from "../../service/guardrails/enforced-models.js";
import type { EnforcedGuardrailRecord } from "../../store/index.js";
import { at, closed, need, obj, own } from "../bedrock-runtime/validate-members.js";
import { oneOf, str, strings } from "../bedrock-runtime/validate-values.js";

/**
 * Pure codec for Bedrock's account-level enforced guardrail operations (bedrock 2023-04-20):
 * PutEnforcedGuardrailConfiguration (PUT /enforcedGuardrailsConfiguration),
 * ListEnforcedGuardrailsConfiguration (GET, same path) and DeleteEnforcedGuardrailConfiguration
 * (DELETE /enforcedGuardrailsConfiguration/{configId}). Patterns are Bedrock's API reference's.
 */
const CONFIG_ID = { min: 1, max: 64, pattern: /^[a-z0-9]+$/, patternText: "[a-z0-9]+" };
const GUARDRAIL_IDENTIFIER = {
  min: 1, max: 2048,
  pattern: /^(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+))$/,
  patternText: "(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))",
};
/** Numbered versions only: an enforced guardrail that is a DRAFT could change under the account's feet. */
const NUMBERED_VERSION = { pattern: /^[1-9][0-9]{0,7}$/, patternText: "[1-9][0-9]{0,7}" };
const MODEL = "([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63})([:][a-z0-9-]{1,63}){0,2}(/[a-z0-9]{12}){0,1}";
const INCLUDED_MODEL = { pattern: new RegExp(`^(ALL|${MODEL})$`), patternText: `(ALL|${MODEL})` };
const EXCLUDED_MODEL = { pattern: new RegExp(`^${MODEL}$`), patternText: MODEL };
/** Bedrock states no maximum; a bound keeps the per-inference check small. */
const MAX_MODELS = 100;
const INPUT_TAGS = ["HONOR", "IGNORE"] as const;

export function decodePutEnforcedGuardrail(body: unknown): EnforcedGuardrailInput {
  const o = obj(body, "");
  closed(o, "", ["configId", "guardrailInferenceConfig"], { shape: "PutEnforcedGuardrailConfigurationRequest" });
  const configId = own(o, "configId");
  const config = obj(need(o, "guardrailInferenceConfig", ""), "guardrailInferenceConfig");
  const field = "guardrailInferenceConfig";
  closed(config, field, ["guardrailIdentifier", "guardrailVersion", "selectiveContentGuarding", "modelEnforcement", "inputTags"],
    { shape: "AccountEnforcedGuardrailInferenceInputConfiguration" });
  const guarding = decodeGuarding(config, field);
  const models = own(config, "modelEnforcement");
  return {
    ...(configId !== undefined ? { configId: str(configId, "configId", CONFIG_ID) } : {}),
    guardrailIdentifier: str(need(config, "guardrailIdentifier", field), at(field, "guardrailIdentifier"), GUARDRAIL_IDENTIFIER),
    guardrailVersion: str(need(config, "guardrailVersion", field), at(field, "guardrailVersion"), NUMBERED_VERSION),
    ...(guarding ? { selectiveContentGuarding: guarding } : {}),
    ...(models !== undefined ? { modelEnforcement: decodeModels(models, at(field, "modelEnforcement")) } : {}),
  };
}

/**
 * selectiveContentGuarding, or the deprecated inputTags older clients still send (HONOR: the
 * messages' guard-content tags are honoured, i.e. SELECTIVE). Both at once would contradict.
 */
function decodeGuarding(config: Readonly<Record<string, unknown>>, field: string): { system?: GuardingMode; messages?: GuardingMode } | undefined {
  const value = own(config, "selectiveContentGuarding");
  const tags = own(config, "inputTags");
  if (value !== undefined && tags !== undefined) throw invalid(at(field, "inputTags"), "Member must not be set with selectiveContentGuarding");
  if (tags !== undefined) return { messages: oneOf(tags, at(field, "inputTags"), INPUT_TAGS) === "HONOR" ? "SELECTIVE" : "COMPREHENSIVE" };
  if (value === undefined) return undefined;
  const path = at(field, "selectiveContentGuarding");
  const o = obj(value, path);
  closed(o, path, ["system", "messages"], { shape: "SelectiveContentGuarding" });
  const system = own(o, "system");
  const messages = own(o, "messages");
  return {
    ...(system !== undefined ? { system: oneOf(system, at(path, "system"), GUARDING_MODES) } : {}),
    ...(messages !== undefined ? { messages: oneOf(messages, at(path, "messages"), GUARDING_MODES) } : {}),
  };
}

function decodeModels(value: unknown, path: string): ModelEnforcement {
  const o = obj(value, path);
  closed(o, path, ["includedModels", "excludedModels"], { shape: "ModelEnforcement" });
  return {
    includedModels: strings(need(o, "includedModels", path), at(path, "includedModels"), { min: 1, max: MAX_MODELS }, INCLUDED_MODEL),
    excludedModels: strings(need(o, "excludedModels", path), at(path, "excludedModels"), { min: 0, max: MAX_MODELS }, EXCLUDED_MODEL),
  };
}

/** The list is never paged (the per-account quota keeps it short), so a nextToken is one plinth never issued. */
export function decodeListEnforcedGuardrails(query: URLSearchParams): void {
  for (const key of query.keys()) {
    if (key !== "nextToken") throw invalid(key, "unknown query parameter; expected nextToken");
    throw invalid("nextToken", "Member is not a token this service issued");
  }
}

export function decodeConfigIdLabel(value: string): string {
  return str(value, "configId", CONFIG_ID);
}

export function encodePutEnforcedGuardrailOutput(r: EnforcedGuardrailRecord): Record<string, unknown> {
  return { configId: r.configId, updatedAt: r.updatedAt.toISOString(), updatedBy: r.updatedBy };
}

/** AccountEnforcedGuardrailOutputConfiguration; inputTags (deprecated) restates how messages are guarded. */
export function encodeEnforcedGuardrail(r: EnforcedGuardrailRecord): Record<string, unknown> {
  return {
    configId: r.configId, guardrailArn: r.guardrailArn, guardrailId: r.guardrailId, guardrailVersion: r.guardrailVersion,
    inputTags: r.selectiveContentGuarding.messages === "SELECTIVE" ? "HONOR" : "IGNORE",
    selectiveContentGuarding: { system: r.selectiveContentGuarding.system, messages: r.selectiveContentGuarding.messages },
    ...(r.modelEnforcement ? { modelEnforcement: { includedModels: [...r.modelEnforcement.includedModels], excludedModels: [...r.modelEnforcement.excludedModels] } } : {}),
    createdAt: r.createdAt.toISOString(), createdBy: r.createdBy, updatedAt: r.updatedAt.toISOString(), updatedBy: r.updatedBy,
    owner: "ACCOUNT",
  };
}

export function encodeListEnforcedGuardrails(records: readonly EnforcedGuardrailRecord[]): Record<string, unknown> {
  return { guardrailsConfig: records.map(encodeEnforcedGuardrail) };
}
