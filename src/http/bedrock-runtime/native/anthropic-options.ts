import { invalid, sensitive } from "../../../kernel/index.js";
import type { AnthropicOptions, OutputFormat, ReasoningConfig } from "../../../kernel/index.js";
import { at, closed, list, need, num, obj, oneOf, own, str } from "../validate.js";

/**
 * The Anthropic request members beside the prompt: `thinking`, `metadata`, `output_config` (and
 * its deprecated beta spelling `output_format`) and `context_management`. Budgets follow
 * Anthropic's rules: at least 1,024 thinking tokens and fewer than max_tokens, except under the
 * interleaved-thinking beta, where the budget spans a whole tool loop and may exceed it.
 */
const INTERLEAVED = /^interleaved-thinking-/;
const EDIT_TYPE = /^[a-z_]+_\d{8}$/;

export interface DecodedThinking {
  readonly reasoning?: ReasoningConfig;
  readonly options: Pick<AnthropicOptions, "adaptiveThinking" | "thinkingDisplay">;
  /** Thinking is on (enabled or adaptive): sampling and forced tool use are then restricted. */
  readonly on: boolean;
}

export function decodeThinking(value: unknown, maxTokens: number, betas: readonly string[]): DecodedThinking {
  if (value === undefined) return { options: {}, on: false };
  const o = obj(value, "thinking");
  const type = oneOf(need(o, "type", "thinking"), "thinking.type", ["enabled", "disabled", "adaptive"]);
  if (type === "disabled") {
    closed(o, "thinking", ["type"]);
    return { options: {}, on: false };
  }
  closed(o, "thinking", type === "enabled" ? ["type", "budget_tokens", "display"] : ["type", "display"]);
  const display = own(o, "display");
  const options = display === undefined ? {} : { thinkingDisplay: oneOf(display, "thinking.display", ["summarized", "omitted"]) };
  if (type === "adaptive") return { options: { adaptiveThinking: true, ...options }, on: true };
  const budget = num(need(o, "budget_tokens", "thinking"), "thinking.budget_tokens", 1024, Number.MAX_SAFE_INTEGER, true);
  if (budget >= maxTokens && !betas.some((b) => INTERLEAVED.test(b))) throw invalid("thinking.budget_tokens", "Member must be less than max_tokens");
  return { reasoning: { budgetTokens: budget }, options, on: true };
}

/** What extended thinking forbids (Anthropic refuses these too): only the defaults, or nearly. */
export function checkThinkingSampling(o: Readonly<Record<string, unknown>>): void {
  const temperature = own(o, "temperature");
  if (temperature !== undefined && temperature !== 1) throw invalid("temperature", "Member may only be 1 when thinking is enabled");
  const topP = own(o, "top_p");
  if (typeof topP === "number" && topP < 0.95) throw invalid("top_p", "Member must be between 0.95 and 1 when thinking is enabled");
  if (own(o, "top_k") !== undefined) throw invalid("top_k", "Member must not be set when thinking is enabled");
}

/** `metadata: {user_id}`: an opaque id of the end user, at most 256 characters (Anthropic's limit). */
export function decodeMetadata(value: unknown): Pick<AnthropicOptions, "userId"> {
  if (value === undefined) return {};
  const o = obj(value, "metadata");
  closed(o, "metadata", ["user_id"]);
  const userId = own(o, "user_id");
  return userId === undefined ? {} : { userId: sensitive(str(userId, "metadata.user_id", { max: 256 })) };
}

function decodeFormat(value: unknown, field: string): OutputFormat {
  const o = obj(value, field);
  closed(o, field, ["type", "schema"]);
  oneOf(need(o, "type", field), at(field, "type"), ["json_schema"]);
  return { type: "json_schema", schema: obj(need(o, "schema", field), at(field, "schema")) };
}

export interface DecodedOutput {
  readonly format?: OutputFormat;
  readonly options: Pick<AnthropicOptions, "effort">;
}

/** `output_config: {effort?, format?}`, or the beta's top-level `output_format` (not both). */
export function decodeOutput(config: unknown, legacyFormat: unknown): DecodedOutput {
  let format = legacyFormat === undefined ? undefined : decodeFormat(legacyFormat, "output_format");
  if (config === undefined) return { ...(format ? { format } : {}), options: {} };
  const o = obj(config, "output_config");
  closed(o, "output_config", ["effort", "format"], { refused: { task_budget: "task budgets are a beta of Anthropic's own API" } });
  const f = own(o, "format");
  if (f !== undefined) {
    if (format) throw invalid("output_format", "Member must not be set together with output_config.format");
    format = decodeFormat(f, "output_config.format");
  }
  const effort = own(o, "effort");
  return {
    ...(format ? { format } : {}),
    options: effort === undefined ? {} : { effort: oneOf(effort, "output_config.effort", ["low", "medium", "high", "xhigh", "max"] as const) },
  };
}

/**
 * `context_management: {edits: [...]}`: the provider clears old thinking or tool results as the
 * context grows. Each edit is a dated type Anthropic defines; its settings are forwarded as they
 * are (an edit may list tool names, so the whole is content).
 */
export function decodeContextManagement(value: unknown): Pick<AnthropicOptions, "contextManagement"> {
  if (value === undefined) return {};
  const o = obj(value, "context_management");
  closed(o, "context_management", ["edits"]);
  const edits = own(o, "edits");
  if (edits !== undefined) {
    list(edits, "context_management.edits").forEach((e, i) => {
      const f = at("context_management.edits", i);
      const type = str(need(obj(e, f), "type", f), at(f, "type"));
      if (!EDIT_TYPE.test(type)) throw invalid(at(f, "type"), "Member must be a context edit type such as clear_thinking_20251015");
    });
  }
  return { contextManagement: sensitive(o) };
}
