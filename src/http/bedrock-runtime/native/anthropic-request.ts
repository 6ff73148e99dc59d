import { invalid, sensitive } from "../../../kernel/index.js";
import type { AnthropicOptions, Conversation, InferenceConfig, Message, TextBlock } from "../../../kernel/index.js";
import type { ConverseCommand } from "../../../service/commands.js";
import { decodeMessage } from "./anthropic-content.js";
import { cacheMark, marked, newBudget } from "./anthropic-limits.js";
import type { RequestBudget } from "./anthropic-limits.js";
import { checkThinkingSampling, decodeContextManagement, decodeMetadata, decodeOutput, decodeThinking } from "./anthropic-options.js";
import { decodeTools } from "./anthropic-tools.js";
import { at, closed, defined, list, need, num, obj, oneOf, optNum, own, str, strings } from "../validate.js";

/**
 * Anthropic Messages on Bedrock: the Messages API body without `model` and `stream`, plus
 * `anthropic_version` and `anthropic_beta`. Ranges are Bedrock's Claude page (temperature and
 * top_p 0..1, top_k 0..500, at most 8,191 stop sequences); max_tokens' ceiling depends on the
 * model and is left to it.
 *
 * anthropic_version: Bedrock documents "bedrock-2023-05-31"; Anthropic's Bedrock SDK copies its
 * API version header into the body instead (e.g. "2026-10-21"), so any dated version is accepted.
 * anthropic_beta: forwarded to the provider (AnthropicOptions.betas); a beta a provider does not
 * know is its to refuse. `metadata.user_id`, `defer_loading`, `context_management`,
 * `output_config.effort` and adaptive thinking travel in AnthropicOptions too; `thinking` budgets,
 * `cache_control`, documents, `output_config.format` and `strict` tools are kernel vocabulary.
 * `service_tier: "standard_only"` is Bedrock's default tier; "auto" leaves the choice to the
 * provider. When stop sequences are sent, the command asks for the one that matched
 * (`stop_sequence` of the answer, `delta.stop_sequence` of a stream's message_delta) so the
 * response can name it as Anthropic does.
 * Members of Anthropic's own API that Bedrock does not serve are refused by name (REFUSED); any
 * other member is an extraneous key.
 */
const KEYS = [
  "anthropic_version", "anthropic_beta", "max_tokens", "system", "messages", "temperature", "top_p", "top_k",
  "stop_sequences", "tools", "tool_choice", "thinking", "metadata", "output_config", "output_format",
  "context_management", "service_tier", "cache_control",
];
const REFUSED = {
  container: "code execution containers and skills run at the provider",
  mcp_servers: "the MCP connector would make the provider call remote servers",
  inference_geo: "the deployment's region and inference profiles decide where data is processed",
  speed: "fast mode is not offered",
  diagnostics: "diagnostics are a feature of Anthropic's own API",
  user_profile_id: "user profiles are a feature of Anthropic's own API",
  workspace_id: "workspaces are a feature of Anthropic's own API",
  fallbacks: "model fallbacks are a feature of Anthropic's own API",
  compaction: "server-side compaction is a feature of Anthropic's own API",
};
const VERSION = /^(?:bedrock-)?\d{4}-\d{2}-\d{2}$/;
const STOP_SEQUENCE_PATHS = ["/stop_sequence", "/delta/stop_sequence"];

function decodeSystem(value: unknown, budget: RequestBudget): TextBlock[] {
  if (value === undefined) return [];
  if (typeof value === "string") return value === "" ? [] : [{ type: "text", text: value }];
  return list(value, "system").map((v, i) => {
    const field = at("system", i);
    const o = obj(v, field);
    closed(o, field, ["type", "text", "cache_control"], { refused: { citations: "system text carries no citations" } });
    oneOf(need(o, "type", field), at(field, "type"), ["text"]);
    return marked<TextBlock>({ type: "text", text: str(need(o, "text", field), at(field, "text")) }, cacheMark(o, field, budget));
  });
}

/** Top-level `cache_control`: Anthropic puts the breakpoint on the last block of the last message. */
function markLast(messages: Message[], o: Readonly<Record<string, unknown>>, budget: RequestBudget): Message[] {
  const cache = cacheMark(o, "", budget);
  if (!cache) return messages;
  const last = messages[messages.length - 1]!;
  const block = last.content[last.content.length - 1]!;
  if (block.type === "reasoning" || block.type === "redactedReasoning") {
    throw invalid("cache_control", "Member requires the last message to end with a block that can be cached");
  }
  return [...messages.slice(0, -1), { role: last.role, content: [...last.content.slice(0, -1), { ...block, cache }] }];
}

function serviceTier(value: unknown): Pick<InferenceConfig, "serviceTier"> {
  if (value === undefined) return {};
  return oneOf(value, "service_tier", ["auto", "standard_only"]) === "standard_only" ? { serviceTier: "default" } : {};
}

export function decodeAnthropic(body: unknown, modelId: string): ConverseCommand {
  const o = obj(body, "");
  closed(o, "", KEYS, { refused: REFUSED });
  const version = str(need(o, "anthropic_version", ""), "anthropic_version");
  if (!VERSION.test(version)) throw invalid("anthropic_version", "Member must be a supported version such as bedrock-2023-05-31");
  const rawBetas = own(o, "anthropic_beta");
  const betas = rawBetas === undefined ? [] : strings(rawBetas, "anthropic_beta", {}, { min: 1, max: 128 });
  const maxTokens = num(need(o, "max_tokens", ""), "max_tokens", 1, Number.MAX_SAFE_INTEGER, true);
  const thinking = decodeThinking(own(o, "thinking"), maxTokens, betas);
  if (thinking.on) checkThinkingSampling(o);
  const inference: InferenceConfig = defined({
    maxTokens,
    temperature: optNum(o, "temperature", "", 0, 1),
    topP: optNum(o, "top_p", "", 0, 1),
    topK: optNum(o, "top_k", "", 0, 500, true),
    reasoning: thinking.reasoning,
    ...serviceTier(own(o, "service_tier")),
  });
  const budget = newBudget();
  // Anthropic reads tools, then system, then messages: breakpoints are counted in that order.
  const tools = decodeTools(own(o, "tools"), own(o, "tool_choice"), budget);
  const choice = tools.config?.toolChoice?.type;
  if (thinking.on && (choice === "any" || choice === "tool")) throw invalid("tool_choice.type", "Member must be auto when thinking is enabled");
  const system = decodeSystem(own(o, "system"), budget);
  const messages = markLast(list(need(o, "messages", ""), "messages", { min: 1 }).map((m, i) => decodeMessage(m, at("messages", i), budget)), o, budget);
  const stop = own(o, "stop_sequences");
  const stopSequences = stop === undefined ? undefined : strings(stop, "stop_sequences", { max: 8191 }, { min: 1 });
  const output = decodeOutput(own(o, "output_config"), own(o, "output_format"));
  const conversation: Conversation = {
    system,
    messages,
    ...(tools.config ? { tools: tools.config } : {}),
    ...(stopSequences ? { stopSequences } : {}),
    ...(output.format ? { outputFormat: output.format } : {}),
  };
  const anthropic: AnthropicOptions = {
    ...(betas.length > 0 ? { betas } : {}),
    ...decodeMetadata(own(o, "metadata")),
    ...tools.options,
    ...thinking.options,
    ...output.options,
    ...decodeContextManagement(own(o, "context_management")),
  };
  return {
    modelId,
    conversation: sensitive(conversation),
    inference,
    ...(stopSequences?.length ? { responseFieldPaths: STOP_SEQUENCE_PATHS } : {}),
    ...(Object.keys(anthropic).length > 0 ? { anthropic } : {}),
  };
}
