import { sensitive } from "../../kernel/index.js";
import type { ContentBlock, Conversation, InferenceConfig, Message, OutputFormat, ReasoningEffort, ServiceTier, TextBlock, ToolChoice, ToolConfig } from "../../kernel/index.js";
import type { ConverseCommand } from "../../service/commands.js";
import { bool, list, num, obj, oneOf, str } from "../bedrock-runtime/validate.js";
import { decodeFunction, decodeImageUrl, decodeSchemaFormat, distinctTools, parseArguments } from "./content-decode.js";
import { neutralOnly, refuse, setMembers, unrecognized, unsupported } from "./refuse.js";
import { mergeTurns } from "./turns.js";

/**
 * OpenAI Responses request (synchronous or streamed) -> ConverseCommand. `input` is a string or a list of
 * items (messages, function calls and their outputs); `instructions` is the system prompt.
 * Nothing is kept between calls, so `previous_response_id` is refused, and `store: true` or
 * `background: true` ask the service to keep content: the data-retention admission decides
 * (refused under the `none` mode), and plinth keeps no responses in any mode.
 */
export interface ResponsesCommand extends ConverseCommand {
  readonly retentionRequested?: string;
  /** `stream: true`: the answer as the Responses API's server-sent events. */
  readonly stream: boolean;
}

const USED = [
  "model", "input", "instructions", "tools", "tool_choice", "max_output_tokens", "temperature", "top_p", "text", "reasoning",
  "store", "background", "stream", "parallel_tool_calls", "service_tier",
];
const IGNORED = ["user", "safety_identifier", "prompt_cache_key", "metadata"];
const NEUTRAL: Record<string, (v: unknown) => boolean> = {
  truncation: (v) => v === "disabled",
  include: (v) => Array.isArray(v) && v.length === 0,
  // Streaming's one option: the random `obfuscation` padding OpenAI adds to delta events against
  // length side channels. plinth adds none either way; no client reads it.
  stream_options: (v) => typeof v === "object" && v !== null && !Array.isArray(v) &&
    Object.entries(v).every(([k, x]) => k === "include_obfuscation" && typeof x === "boolean"),
};
const INT32_MAX = 2_147_483_647;

export function decodeResponsesRequest(body: unknown): ResponsesCommand {
  const o = obj(body, "body");
  for (const key of ["previous_response_id", "conversation"]) {
    if (setMembers(o).includes(key)) throw unsupported(key, `Continuing a kept conversation ('${key}'); nothing is kept here, so send the whole conversation as input items`);
  }
  for (const key of setMembers(o)) if (!USED.includes(key) && !IGNORED.includes(key) && !Object.hasOwn(NEUTRAL, key)) throw unrecognized("", key);
  neutralOnly(o, NEUTRAL);
  const flag = (key: string): boolean => (o[key] === undefined || o[key] === null ? false : bool(o[key], key));
  if (o["parallel_tool_calls"] === false) throw unsupported("parallel_tool_calls", "'parallel_tool_calls: false'");
  const model = str(o["model"], "model", { min: 1, max: 2048 });
  const system: TextBlock[] = o["instructions"] === undefined || o["instructions"] === null ? [] : [{ type: "text", text: str(o["instructions"], "instructions") }];
  const messages = decodeInput(o["input"], system);
  const tools = decodeTools(o["tools"], o["tool_choice"], messages);
  const outputFormat = decodeText(o["text"]);
  const conversation: Conversation = {
    system, messages, ...(tools === undefined ? {} : { tools }), ...(outputFormat === undefined ? {} : { outputFormat }),
  };
  const retention = flag("background") ? "background" : flag("store") ? "store" : undefined;
  return { modelId: model, conversation: sensitive(conversation), inference: decodeInference(o), stream: flag("stream"), ...(retention === undefined ? {} : { retentionRequested: retention }) };
}

function decodeInference(o: Readonly<Record<string, unknown>>): InferenceConfig {
  const opt = (key: string, min: number, max: number, integer = false): number | undefined =>
    o[key] === undefined || o[key] === null ? undefined : num(o[key], key, min, max, integer);
  const maxTokens = opt("max_output_tokens", 1, INT32_MAX, true);
  const temperature = opt("temperature", 0, 1);
  const topP = opt("top_p", 0, 1);
  let effort: string | undefined;
  if (o["reasoning"] !== undefined && o["reasoning"] !== null) {
    const r = obj(o["reasoning"], "reasoning");
    for (const key of setMembers(r)) if (key !== "effort" && key !== "summary") throw unrecognized(`reasoning`, key);
    if (r["effort"] !== undefined && r["effort"] !== null) effort = oneOf(r["effort"], "reasoning.effort", ["none", "minimal", "low", "medium", "high"]);
  }
  const tier = o["service_tier"] === undefined || o["service_tier"] === null ? undefined : oneOf(o["service_tier"], "service_tier", ["auto", "default", "flex", "priority"]);
  return {
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { topP }),
    ...(effort === undefined || effort === "none" ? {} : { reasoning: { effort: effort as ReasoningEffort } }),
    ...(tier === undefined || tier === "auto" ? {} : { serviceTier: tier as ServiceTier }),
  };
}

/** Items in order; system and developer messages join the instructions. */
function decodeInput(value: unknown, system: TextBlock[]): Message[] {
  if (typeof value === "string") return [{ role: "user", content: [{ type: "text", text: value }] }];
  const turns: Message[] = [];
  list(value, "input", { min: 1 }).forEach((item, i) => {
    const param = `input.${i}`;
    const o = obj(item, param);
    const type = o["type"] === undefined || o["type"] === null ? "message" : str(o["type"], `${param}.type`);
    if (type === "message") {
      const role = oneOf(o["role"], `${param}.role`, ["user", "assistant", "system", "developer"]);
      const content = messageContent(o["content"], `${param}.content`);
      if (role === "system" || role === "developer") {
        content.forEach((b, j) => { if (b.type !== "text") throw refuse(`${param}.content.${j}`, "System and developer messages hold text only"); });
        system.push(...(content as TextBlock[]));
      } else turns.push({ role, content });
    } else if (type === "function_call") {
      turns.push({ role: "assistant", content: [{ type: "toolUse", toolUseId: str(o["call_id"], `${param}.call_id`, { min: 1 }), name: str(o["name"], `${param}.name`, { min: 1 }), input: parseArguments(o["arguments"], `${param}.arguments`) }] });
    } else if (type === "function_call_output") {
      const output = str(o["output"], `${param}.output`);
      turns.push({ role: "user", content: [{ type: "toolResult", toolUseId: str(o["call_id"], `${param}.call_id`, { min: 1 }), content: [{ type: "text", text: output }] }] });
    } else throw unsupported(`${param}.type`, "Input items of this type");
  });
  const messages = mergeTurns(turns);
  if (messages.length === 0) throw refuse("input", "The input must include at least one user or assistant message");
  return messages;
}

function messageContent(value: unknown, param: string): ContentBlock[] {
  if (typeof value === "string") return [{ type: "text", text: value }];
  return list(value, param, { min: 1 }).map((part, j): ContentBlock => {
    const p = obj(part, `${param}.${j}`);
    const type = str(p["type"], `${param}.${j}.type`);
    if (type === "input_text" || type === "output_text") return { type: "text", text: str(p["text"], `${param}.${j}.text`) };
    if (type === "input_image") return decodeImageUrl(p["image_url"], `${param}.${j}.image_url`);
    throw unsupported(`${param}.${j}.type`, "Content parts of this type");
  });
}

function decodeTools(value: unknown, choiceValue: unknown, messages: readonly Message[]): ToolConfig | undefined {
  const tools = distinctTools(value === undefined || value === null ? [] : list(value, "tools").map((t, i) => {
    const o = obj(t, `tools.${i}`);
    if (o["type"] !== "function") throw unsupported(`tools.${i}.type`, "Tools other than functions");
    return decodeFunction(o, `tools.${i}`, ["type", "name", "description", "parameters", "strict"]);
  }), "tools");
  const usesTools = messages.some((m) => m.content.some((b) => b.type === "toolUse" || b.type === "toolResult"));
  if (usesTools && tools.length === 0) throw refuse("tools", "The tools must be given when the input holds function calls or their outputs");
  let choice: ToolChoice | "none" | undefined;
  if (typeof choiceValue === "string") {
    const c = oneOf(choiceValue, "tool_choice", ["none", "auto", "required"]);
    choice = c === "none" ? "none" : c === "auto" ? { type: "auto" } : { type: "any" };
  } else if (choiceValue !== undefined && choiceValue !== null) {
    const o = obj(choiceValue, "tool_choice");
    if (o["type"] !== "function") throw unsupported("tool_choice.type", "Tool choices other than a function");
    const name = str(o["name"], "tool_choice.name");
    if (!tools.some((t) => t.name === name)) throw refuse("tool_choice.name", "tool_choice must name one of the tools given");
    choice = { type: "tool", name };
  }
  if (choice === "none") {
    if (usesTools) throw unsupported("tool_choice", "'tool_choice: none' in a conversation that holds function calls");
    return undefined;
  }
  if (tools.length === 0) return undefined;
  return { tools, ...(choice === undefined ? {} : { toolChoice: choice }) };
}

function decodeText(value: unknown): OutputFormat | undefined {
  if (value === undefined || value === null) return undefined;
  const o = obj(value, "text");
  for (const key of setMembers(o)) if (key !== "format") throw unsupported(`text.${key}`);
  if (o["format"] === undefined || o["format"] === null) return undefined;
  const f = obj(o["format"], "text.format");
  const type = oneOf(f["type"], "text.format.type", ["text", "json_object", "json_schema"]);
  if (type === "text") return undefined;
  if (type === "json_object") return { type: "json_schema", schema: { type: "object" } };
  return decodeSchemaFormat(f, "text.format");
}
