import { sensitive } from "../../kernel/index.js";
import type { Conversation, InferenceConfig, Message, OutputFormat, ReasoningEffort, ServiceTier, ToolConfig, ToolChoice } from "../../kernel/index.js";
import type { ConverseCommand } from "../../service/commands.js";
import { bool, list, num, obj, oneOf, str } from "../bedrock-runtime/validate.js";
import { decodeFunction, decodeSchemaFormat, distinctTools } from "./content-decode.js";
import { neutralOnly, refuse, setMembers, unrecognized, unsupported } from "./refuse.js";
import { decodeChatMessages } from "./chat-messages-decode.js";

/**
 * OpenAI Chat Completions request -> ConverseCommand, the vocabulary Converse decodes into, so
 * the same resolver, policies, hooks and providers serve it. Members a popular client sends at
 * their default are accepted; one that asks for something this surface cannot do is refused
 * naming it, never ignored.
 *
 * - `system` and `developer` messages become the system prompt; `tool` messages become
 *   toolResult blocks of the next user turn; consecutive turns of one role are merged.
 * - `max_completion_tokens` (or the older `max_tokens`), `temperature` (0 to 1: what every served
 *   model takes), `top_p`, `stop`, `reasoning_effort`, `service_tier` map to inference settings.
 * - `response_format` json_schema is Converse's structured output; json_object is the schema
 *   `{"type": "object"}`.
 * - `store: true` asks the service to keep the completion: the data-retention admission decides
 *   (it is refused under the `none` mode), and plinth stores no completions in any mode.
 */
export interface ChatCommand extends ConverseCommand {
  readonly stream: boolean;
  /** `stream_options.include_usage`: a last chunk carrying the usage. */
  readonly includeUsage: boolean;
  readonly retentionRequested?: string;
}

const USED = [
  "model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "stop", "stream", "stream_options",
  "tools", "tool_choice", "parallel_tool_calls", "response_format", "reasoning_effort", "service_tier", "store",
];
/** Identifiers for the caller's own abuse monitoring and cache routing: they change nothing in the answer. */
const IGNORED = ["user", "safety_identifier", "prompt_cache_key", "metadata"];
const NEUTRAL: Record<string, (v: unknown) => boolean> = {
  n: (v) => v === 1,
  frequency_penalty: (v) => v === 0,
  presence_penalty: (v) => v === 0,
  logprobs: (v) => v === false,
  logit_bias: (v) => typeof v === "object" && v !== null && Object.keys(v).length === 0,
  modalities: (v) => Array.isArray(v) && v.length === 1 && v[0] === "text",
};
const EFFORTS = ["none", "minimal", "low", "medium", "high"] as const;
const TIERS = ["auto", "default", "flex", "priority"] as const;
const MAX_STOPS = 4;
const INT32_MAX = 2_147_483_647;

export function decodeChatRequest(body: unknown): ChatCommand {
  const o = obj(body, "body");
  for (const key of setMembers(o)) if (!USED.includes(key) && !IGNORED.includes(key) && !Object.hasOwn(NEUTRAL, key)) throw unrecognized("", key);
  neutralOnly(o, NEUTRAL);
  const model = str(o["model"], "model", { min: 1, max: 2048 });
  const stream = o["stream"] === undefined || o["stream"] === null ? false : bool(o["stream"], "stream");
  const includeUsage = decodeStreamOptions(o["stream_options"], stream);
  if (o["parallel_tool_calls"] === false) throw unsupported("parallel_tool_calls", "'parallel_tool_calls: false'");
  const { system, messages } = decodeChatMessages(o["messages"]);
  const tools = decodeTools(o["tools"], o["tool_choice"], messages);
  const outputFormat = decodeResponseFormat(o["response_format"]);
  const stops = decodeStop(o["stop"]);
  const conversation: Conversation = {
    system, messages,
    ...(tools === undefined ? {} : { tools }),
    ...(stops === undefined ? {} : { stopSequences: stops }),
    ...(outputFormat === undefined ? {} : { outputFormat }),
  };
  const store = o["store"] === undefined || o["store"] === null ? false : bool(o["store"], "store");
  return {
    modelId: model, conversation: sensitive(conversation), inference: decodeInference(o), stream, includeUsage,
    ...(store ? { retentionRequested: "store" } : {}),
  };
}

function decodeStreamOptions(value: unknown, stream: boolean): boolean {
  if (value === undefined || value === null) return false;
  if (!stream) throw refuse("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled");
  const o = obj(value, "stream_options");
  for (const key of setMembers(o)) if (key !== "include_usage" && key !== "include_obfuscation") throw unrecognized(`stream_options`, key);
  return o["include_usage"] === undefined || o["include_usage"] === null ? false : bool(o["include_usage"], "stream_options.include_usage");
}

function decodeInference(o: Readonly<Record<string, unknown>>): InferenceConfig {
  const opt = (key: string, min: number, max: number, integer = false): number | undefined =>
    o[key] === undefined || o[key] === null ? undefined : num(o[key], key, min, max, integer);
  const completion = opt("max_completion_tokens", 1, INT32_MAX, true);
  const legacy = opt("max_tokens", 1, INT32_MAX, true);
  if (completion !== undefined && legacy !== undefined && completion !== legacy) {
    throw refuse("max_tokens", "Set max_completion_tokens or max_tokens, not both with different values");
  }
  const maxTokens = completion ?? legacy;
  const temperature = opt("temperature", 0, 1);
  const topP = opt("top_p", 0, 1);
  const topK = opt("top_k", 1, 500, true);
  const effort = o["reasoning_effort"] === undefined || o["reasoning_effort"] === null ? undefined : oneOf(o["reasoning_effort"], "reasoning_effort", EFFORTS);
  const tier = o["service_tier"] === undefined || o["service_tier"] === null ? undefined : oneOf(o["service_tier"], "service_tier", TIERS);
  return {
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { topP }),
    ...(topK === undefined ? {} : { topK }),
    ...(effort === undefined || effort === "none" ? {} : { reasoning: { effort: effort as ReasoningEffort } }),
    ...(tier === undefined || tier === "auto" ? {} : { serviceTier: tier as ServiceTier }),
  };
}

function decodeStop(value: unknown): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return [str(value, "stop", { min: 1 })];
  return list(value, "stop", { max: MAX_STOPS }).map((s, i) => str(s, `stop.${i}`, { min: 1 }));
}

function decodeTools(value: unknown, choiceValue: unknown, messages: readonly Message[]): ToolConfig | undefined {
  const usesTools = messages.some((m) => m.content.some((b) => b.type === "toolUse" || b.type === "toolResult"));
  const given = value === undefined || value === null ? [] : list(value, "tools").map((t, i) => {
    const o = obj(t, `tools.${i}`);
    if (o["type"] !== "function") throw unsupported(`tools.${i}.type`, "Tools other than functions");
    for (const key of setMembers(o)) if (key !== "type" && key !== "function") throw unrecognized(`tools.${i}`, key);
    return decodeFunction(o["function"], `tools.${i}.function`, ["name", "description", "parameters", "strict"]);
  });
  const tools = distinctTools(given, "tools");
  const choice = choiceValue === undefined || choiceValue === null ? undefined : decodeToolChoice(choiceValue, tools);
  // A conversation holding tool calls needs the tools defined, whatever the choice: providers refuse it otherwise.
  if (usesTools && tools.length === 0) throw refuse("tools", "The tools must be given when messages hold tool calls or tool results");
  if (choice === "none") {
    if (usesTools) throw unsupported("tool_choice", "'tool_choice: none' in a conversation that holds tool calls");
    return undefined;
  }
  if (tools.length === 0) {
    if (choice !== undefined) throw refuse("tool_choice", "tool_choice is only allowed when tools are given");
    return undefined;
  }
  return { tools, ...(choice === undefined ? {} : { toolChoice: choice }) };
}

function decodeToolChoice(value: unknown, tools: ToolConfig["tools"]): ToolChoice | "none" {
  if (typeof value === "string") {
    const c = oneOf(value, "tool_choice", ["none", "auto", "required"]);
    return c === "none" ? "none" : c === "auto" ? { type: "auto" } : { type: "any" };
  }
  const o = obj(value, "tool_choice");
  if (o["type"] !== "function") throw unsupported("tool_choice.type", "Tool choices other than a function");
  const name = str(obj(o["function"], "tool_choice.function")["name"], "tool_choice.function.name");
  if (!tools.some((t) => t.name === name)) throw refuse("tool_choice.function.name", "tool_choice must name one of the tools given");
  return { type: "tool", name };
}

function decodeResponseFormat(value: unknown): OutputFormat | undefined {
  if (value === undefined || value === null) return undefined;
  const o = obj(value, "response_format");
  const type = oneOf(o["type"], "response_format.type", ["text", "json_object", "json_schema"]);
  if (type === "text") return undefined;
  if (type === "json_object") return { type: "json_schema", schema: { type: "object" } };
  return decodeSchemaFormat(obj(o["json_schema"], "response_format.json_schema"), "response_format.json_schema");
}
