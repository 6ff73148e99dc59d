import { invalid, sensitive } from "../../../kernel/index.js";
import type { TextBlock, ToolChoice, ToolConfig, ToolSpec } from "../../../kernel/index.js";
import type { ConverseCommand } from "../../../service/commands.js";
import { decodeMessage } from "./anthropic-content.js";
import type { ImageBudget } from "./anthropic-content.js";
import { at, closed, defined, list, need, num, obj, oneOf, optNum, own, str, strings } from "../validate.js";

/**
 * Anthropic Messages on Bedrock: `{anthropic_version, max_tokens, messages, system, temperature,
 * top_p, top_k, stop_sequences, tools, tool_choice}`. Ranges are Bedrock's Claude page
 * (temperature and top_p 0..1, top_k 0..500, at most 8,191 stop sequences); max_tokens' ceiling
 * depends on the model and is left to it.
 *
 * anthropic_version: Bedrock documents "bedrock-2023-05-31"; Anthropic's Bedrock SDK copies its
 * API version header into the body instead (e.g. "2026-10-21"), so any dated version is accepted.
 * anthropic_beta: the SDK sends it when a caller opts into betas; the names are checked, not
 * acted on (a beta plinth does not implement simply behaves as the stable API).
 * Not served, refused as extraneous: `thinking`, `metadata`, `tool_choice.disable_parallel_tool_use`,
 * server tools (`type` other than "custom").
 */
const KEYS = [
  "anthropic_version", "anthropic_beta", "max_tokens", "system", "messages",
  "temperature", "top_p", "top_k", "stop_sequences", "tools", "tool_choice",
];
const VERSION = /^(?:bedrock-)?\d{4}-\d{2}-\d{2}$/;
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function decodeSystem(value: unknown): TextBlock[] {
  if (value === undefined) return [];
  if (typeof value === "string") return value === "" ? [] : [{ type: "text", text: value }];
  return list(value, "system").map((v, i) => {
    const field = at("system", i);
    const o = obj(v, field);
    closed(o, field, ["type", "text", "cache_control"]);
    oneOf(need(o, "type", field), at(field, "type"), ["text"]);
    return { type: "text", text: str(need(o, "text", field), at(field, "text")) };
  });
}

function decodeTool(value: unknown, field: string): ToolSpec {
  const o = obj(value, field);
  closed(o, field, ["type", "name", "description", "input_schema", "cache_control"]);
  const type = own(o, "type");
  if (type !== undefined) oneOf(type, at(field, "type"), ["custom"]);
  const name = str(need(o, "name", field), at(field, "name"));
  if (!TOOL_NAME.test(name)) throw invalid(at(field, "name"), "Member must satisfy regular expression pattern: ^[a-zA-Z0-9_-]{1,64}$");
  const description = own(o, "description");
  const inputSchema = obj(need(o, "input_schema", field), at(field, "input_schema"));
  return { name, inputSchema, ...(description === undefined ? {} : { description: str(description, at(field, "description")) }) };
}

function decodeToolChoice(value: unknown, names: readonly string[]): ToolChoice {
  const o = obj(value, "tool_choice");
  closed(o, "tool_choice", ["type", "name"]);
  const type = oneOf(need(o, "type", "tool_choice"), "tool_choice.type", ["auto", "any", "tool"]);
  if (type !== "tool") {
    if (own(o, "name") !== undefined) throw invalid("tool_choice.name", "Member is only allowed when type is tool");
    return { type };
  }
  const name = str(need(o, "name", "tool_choice"), "tool_choice.name");
  if (!names.includes(name)) throw invalid("tool_choice.name", "Member must name one of the tools");
  return { type, name };
}

function decodeTools(tools: unknown, choice: unknown): ToolConfig | undefined {
  const specs = tools === undefined ? [] : list(tools, "tools").map((t, i) => decodeTool(t, at("tools", i)));
  if (choice !== undefined && specs.length === 0) throw invalid("tool_choice", "Member requires tools");
  if (specs.length === 0) return undefined;
  const toolChoice = choice === undefined ? undefined : decodeToolChoice(choice, specs.map((s) => s.name));
  return { tools: specs, ...(toolChoice ? { toolChoice } : {}) };
}

export function decodeAnthropic(body: unknown, modelId: string): ConverseCommand {
  const o = obj(body, "");
  closed(o, "", KEYS);
  const version = str(need(o, "anthropic_version", ""), "anthropic_version");
  if (!VERSION.test(version)) throw invalid("anthropic_version", "Member must be a supported version such as bedrock-2023-05-31");
  const betas = own(o, "anthropic_beta");
  if (betas !== undefined) strings(betas, "anthropic_beta", {}, { min: 1, max: 128 });
  const inference = defined({
    maxTokens: num(need(o, "max_tokens", ""), "max_tokens", 1, Number.MAX_SAFE_INTEGER, true),
    temperature: optNum(o, "temperature", "", 0, 1),
    topP: optNum(o, "top_p", "", 0, 1),
    topK: optNum(o, "top_k", "", 0, 500, true),
  });
  const budget: ImageBudget = { count: 0 };
  const messages = list(need(o, "messages", ""), "messages", { min: 1 }).map((m, i) => decodeMessage(m, at("messages", i), budget));
  const stop = own(o, "stop_sequences");
  const stopSequences = stop === undefined ? undefined : strings(stop, "stop_sequences", { max: 8191 }, { min: 1 });
  const tools = decodeTools(own(o, "tools"), own(o, "tool_choice"));
  const conversation = {
    system: decodeSystem(own(o, "system")),
    messages,
    ...(tools ? { tools } : {}),
    ...(stopSequences ? { stopSequences } : {}),
  };
  return { modelId, conversation: sensitive(conversation), inference };
}
