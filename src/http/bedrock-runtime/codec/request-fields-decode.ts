import { invalid } from "../../../kernel/index.js";
import type { AnthropicOptions, OutputFormat, ReasoningConfig, ReasoningEffort } from "../../../kernel/index.js";
import { at, closed, isObj, need, num, obj, oneOf, own, present, safeName, strings } from "../validate.js";
import type { Obj } from "../validate.js";

/**
 * additionalModelRequestFields. Bedrock forwards them to the model untouched; plinth serves
 * several providers behind one vocabulary, so it reads the members each family documents for
 * what the vocabulary carries (top-k, reasoning, structured output, Anthropic beta flags) and
 * refuses anything else by name rather than drop it. Which provider honours what is the
 * adapter's call: it refuses, by name, what it cannot do.
 */
const INT32_MAX = 2_147_483_647;
/** Anthropic's floor for an extended-thinking budget. */
const MIN_THINKING_BUDGET = 1024;
const EFFORTS: readonly ReasoningEffort[] = ["minimal", "low", "medium", "high"];
const KNOWN = [
  "top_k", "topK", "thinking", "reasoning_effort", "reasoning", "reasoning_config", "reasoningConfig", "output_config", "anthropic_beta",
];
/** Anthropic's beta flag names (`interleaved-thinking-2025-05-14`); not content, but bounded all the same. */
const BETA = { min: 1, max: 128, pattern: /^[a-zA-Z0-9._-]+$/, patternText: "[a-zA-Z0-9._-]+" } as const;

export interface ModelRequestFields {
  readonly topK?: number;
  readonly reasoning?: ReasoningConfig;
  readonly outputFormat?: OutputFormat;
  /** Where the output format came from, for a conflict with outputConfig.textFormat. */
  readonly outputFormatField?: string;
  readonly anthropic?: AnthropicOptions;
}

/** One value per knob, whichever family's spelling set it; a second spelling is refused by name. */
class Once<T> {
  value: T | undefined;
  from: string | undefined;
  set(value: T | undefined, field: string): void {
    if (value === undefined) return;
    if (this.from !== undefined) throw invalid(field, `Member must not be set together with ${this.from}`);
    this.value = value;
    this.from = field;
  }
}

export function decodeRequestFields(value: unknown, field: string): ModelRequestFields {
  const o = obj(value, field);
  const topK = new Once<number>();
  const budget = new Once<number>();
  const effort = new Once<ReasoningEffort>();
  let outputFormat: OutputFormat | undefined;
  let betas: string[] | undefined;
  let adaptive = false;
  let anthropicEffort: AnthropicOptions["effort"];
  for (const key of present(o)) {
    const f = at(field, key);
    const v = own(o, key);
    if (!KNOWN.includes(key)) {
      if (safeName(key)) throw invalid(f, `Member is not supported: additionalModelRequestFields may set only ${KNOWN.join(", ")}`);
      throw invalid(field, "Member contains an unsupported member");
    }
    switch (key) {
      case "top_k": case "topK": topK.set(num(v, f, 1, INT32_MAX, true), f); break;
      case "thinking": {
        const t = thinking(v, f);
        if (t === "adaptive") adaptive = true;
        else budget.set(t, f);
        break;
      }
      case "reasoning_effort": effort.set(oneOf(v, f, EFFORTS), f); break;
      case "reasoning": {
        const r = obj(v, f);
        closed(r, f, ["effort"]);
        effort.set(oneOf(need(r, "effort", f), at(f, "effort"), EFFORTS), f);
        break;
      }
      case "reasoning_config": case "reasoningConfig": {
        const r = reasoningConfig(v, f, key === "reasoningConfig");
        budget.set(r.budgetTokens, f);
        effort.set(r.effort, f);
        break;
      }
      case "output_config": {
        const out = anthropicOutputConfig(v, f);
        // xhigh and max are Anthropic's alone: they travel as its option, which other adapters refuse by name.
        if (out.effort === "xhigh" || out.effort === "max") anthropicEffort = out.effort;
        else effort.set(out.effort, at(f, "effort"));
        outputFormat = out.format;
        break;
      }
      default: betas = strings(v, f, { min: 1, max: 64 }, BETA);
    }
  }
  const reasoning: ReasoningConfig = {
    ...(budget.value === undefined ? {} : { budgetTokens: budget.value }),
    ...(effort.value === undefined ? {} : { effort: effort.value }),
  };
  return {
    ...(topK.value === undefined ? {} : { topK: topK.value }),
    ...(Object.keys(reasoning).length === 0 ? {} : { reasoning }),
    ...(outputFormat === undefined ? {} : { outputFormat, outputFormatField: at(at(field, "output_config"), "format") }),
    ...(betas === undefined && !adaptive && anthropicEffort === undefined ? {} : {
      anthropic: {
        ...(betas === undefined ? {} : { betas }),
        ...(adaptive ? { adaptiveThinking: true } : {}),
        ...(anthropicEffort === undefined ? {} : { effort: anthropicEffort }),
      },
    }),
  };
}

/**
 * Anthropic `thinking`: a budget when enabled, nothing when disabled, and `adaptive` (the model
 * decides how long to think), which only Anthropic-family adapters forward.
 */
function thinking(value: unknown, field: string): number | "adaptive" | undefined {
  const o = obj(value, field);
  const type = oneOf(need(o, "type", field), at(field, "type"), ["enabled", "disabled", "adaptive"]);
  if (type === "adaptive") return closed(o, field, ["type"]), "adaptive";
  if (type === "disabled") return closed(o, field, ["type"]), undefined;
  closed(o, field, ["type", "budget_tokens"]);
  return num(need(o, "budget_tokens", field), at(field, "budget_tokens"), MIN_THINKING_BUDGET, INT32_MAX, true);
}

/**
 * `reasoning_config` {type, budget_tokens} and Nova's `reasoningConfig` {type, maxReasoningEffort,
 * budgetTokens} (the AI SDK's spelling for non-Anthropic models).
 */
function reasoningConfig(value: unknown, field: string, camel: boolean): ReasoningConfig {
  const o = obj(value, field);
  const budgetKey = camel ? "budgetTokens" : "budget_tokens";
  const members = camel ? ["type", budgetKey, "maxReasoningEffort"] : ["type", budgetKey];
  closed(o, field, members);
  const type = own(o, "type");
  if (type !== undefined && oneOf(type, at(field, "type"), ["enabled", "disabled"]) === "disabled") {
    closed(o, field, ["type"]);
    return {};
  }
  const budget = own(o, budgetKey);
  const effort = own(o, "maxReasoningEffort");
  return {
    ...(budget === undefined ? {} : { budgetTokens: num(budget, at(field, budgetKey), 1, INT32_MAX, true) }),
    ...(effort === undefined ? {} : { effort: oneOf(effort, at(field, "maxReasoningEffort"), EFFORTS) }),
  };
}

/** Anthropic `output_config` {format: {type: json_schema, schema}, effort}, which the AI SDK sends for generateObject. */
function anthropicOutputConfig(value: unknown, field: string): { format?: OutputFormat; effort?: ReasoningEffort | "xhigh" | "max" } {
  const o: Obj = obj(value, field);
  closed(o, field, ["format", "effort"]);
  const format = own(o, "format");
  const effort = own(o, "effort");
  return {
    ...(format === undefined ? {} : { format: jsonSchemaFormat(format, at(field, "format")) }),
    ...(effort === undefined ? {} : { effort: oneOf(effort, at(field, "effort"), ["low", "medium", "high", "xhigh", "max"] as const) }),
  };
}

function jsonSchemaFormat(value: unknown, field: string): OutputFormat {
  const o = obj(value, field);
  closed(o, field, ["type", "schema"]);
  oneOf(need(o, "type", field), at(field, "type"), ["json_schema"]);
  const schema = need(o, "schema", field);
  if (!isObj(schema)) throw invalid(at(field, "schema"), "Member must be a JSON Schema object");
  return { type: "json_schema", schema };
}

/**
 * Anthropic's and Converse's `effort`: low, medium and high are reasoning efforts every provider
 * family has a word for; xhigh and max are Anthropic's alone and are refused by name.
 */
export function decodeEffort(value: unknown, field: string): ReasoningEffort {
  const level = oneOf(value, field, ["low", "medium", "high", "xhigh", "max"]);
  if (level === "xhigh" || level === "max") throw invalid(field, "Member is not supported: effort levels above high are not offered by this service");
  return level;
}
