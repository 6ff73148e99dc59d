import type { AnthropicOptions } from "../../kernel/index.js";
import type { MessagesRequest } from "./wire.js";

/**
 * The Anthropic-only members a native body carried (kernel AnthropicOptions) put back where the
 * Messages API takes them, so a Claude Code request reaches the model as it was written:
 * deferred and eager-streaming tools, parallel tool use, adaptive thinking and its display,
 * effort and context management. Betas and metadata are placed by codec.ts.
 */
export function applyAnthropicOptions(body: MessagesRequest, options: AnthropicOptions | undefined): void {
  if (!options) return;
  const deferred = new Set(options.deferredTools?.reveal() ?? []);
  const eager = new Set(options.eagerInputStreamingTools?.reveal() ?? []);
  if (body.tools && (deferred.size > 0 || eager.size > 0)) {
    body.tools = body.tools.map((tool) => ({
      ...tool,
      ...(deferred.has(tool.name) ? { defer_loading: true } : {}),
      ...(eager.has(tool.name) ? { eager_input_streaming: true } : {}),
    }));
  }
  if (options.disableParallelToolUse) body.tool_choice = { ...(body.tool_choice ?? { type: "auto" }), disable_parallel_tool_use: true };
  if (options.adaptiveThinking && body.thinking === undefined) body.thinking = { type: "adaptive" };
  if (options.thinkingDisplay !== undefined && body.thinking !== undefined) body.thinking = { ...body.thinking, display: options.thinkingDisplay };
  if (options.effort !== undefined) body.output_config = { effort: options.effort };
  const context = options.contextManagement?.reveal();
  if (context !== undefined) body.context_management = context;
}
