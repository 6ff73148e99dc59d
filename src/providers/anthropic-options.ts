import { invalid } from "../kernel/index.js";
import type { AnthropicOptions } from "../kernel/index.js";

/** The wire member each Anthropic-only option came in, for refusals that name it. */
const MEMBERS: Readonly<Record<keyof AnthropicOptions, string>> = {
  betas: "anthropic_beta",
  userId: "metadata.user_id",
  deferredTools: "tools.defer_loading",
  eagerInputStreamingTools: "tools.eager_input_streaming",
  disableParallelToolUse: "tool_choice.disable_parallel_tool_use",
  adaptiveThinking: "thinking.type",
  thinkingDisplay: "thinking.display",
  effort: "output_config.effort",
  contextManagement: "context_management",
};

const isSet = (value: unknown): boolean =>
  value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);

/**
 * Refuses, naming the member, every Anthropic-only option an adapter cannot forward: a member a
 * caller set and the model never saw would change the answer without telling them. `forwarded`
 * lists what this adapter does place.
 */
export function refuseAnthropicOptions(options: AnthropicOptions | undefined, forwarded: readonly (keyof AnthropicOptions)[] = []): void {
  if (!options) return;
  for (const key of Object.keys(MEMBERS) as (keyof AnthropicOptions)[]) {
    if (forwarded.includes(key)) continue;
    const value = options[key];
    const revealed = value !== null && typeof value === "object" && "reveal" in value ? (value as { reveal(): unknown }).reveal() : value;
    if (isSet(revealed)) throw invalid(MEMBERS[key], "this Anthropic request member is not supported by this model");
  }
}
