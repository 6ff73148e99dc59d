import { invalid, sensitive } from "../../../kernel/index.js";
import type { AnthropicOptions, ToolChoice, ToolConfig, ToolSpec } from "../../../kernel/index.js";
import { at, bool, closed, list, need, obj, oneOf, own, str } from "../validate.js";
import { cacheMark, marked } from "./anthropic-limits.js";
import type { RequestBudget } from "./anthropic-limits.js";

/**
 * Anthropic `tools` and `tool_choice`. Custom tools only: a server tool (web search, code
 * execution, text editor, tool search...) runs at the provider and answers with blocks the kernel
 * has no place for, so its `type` is refused. `strict` is the kernel's; `defer_loading`,
 * `eager_input_streaming` and `disable_parallel_tool_use` are Anthropic's alone and travel in
 * AnthropicOptions. `input_examples` and `allowed_callers` belong to beta server features.
 */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const TOOL_KEYS = ["type", "name", "description", "input_schema", "cache_control", "strict", "defer_loading", "eager_input_streaming"];
const TOOL_REFUSED = {
  input_examples: "tool input examples are a beta of Anthropic's own API",
  allowed_callers: "programmatic tool calling needs Anthropic's code execution server tool",
};

interface Tool { readonly spec: ToolSpec; readonly deferred: boolean; readonly eager: boolean }

function flag(o: Readonly<Record<string, unknown>>, key: string, field: string): boolean {
  const value = own(o, key);
  return value === undefined ? false : bool(value, at(field, key));
}

function decodeTool(value: unknown, field: string, budget: RequestBudget): Tool {
  const o = obj(value, field);
  const type = own(o, "type");
  if (type !== undefined && type !== "custom") {
    str(type, at(field, "type"));
    throw invalid(at(field, "type"), "Member is not supported: server tools run at the provider; only custom tools are served");
  }
  closed(o, field, TOOL_KEYS, { refused: TOOL_REFUSED });
  const name = str(need(o, "name", field), at(field, "name"));
  if (!TOOL_NAME.test(name)) throw invalid(at(field, "name"), "Member must satisfy regular expression pattern: ^[a-zA-Z0-9_-]{1,64}$");
  const description = own(o, "description");
  const inputSchema = obj(need(o, "input_schema", field), at(field, "input_schema"));
  const strict = own(o, "strict");
  const spec: ToolSpec = {
    name,
    inputSchema,
    ...(description === undefined ? {} : { description: str(description, at(field, "description")) }),
    ...(strict === undefined ? {} : { strict: bool(strict, at(field, "strict")) }),
  };
  return { spec: marked(spec, cacheMark(o, field, budget)), deferred: flag(o, "defer_loading", field), eager: flag(o, "eager_input_streaming", field) };
}

interface Choice { readonly choice: ToolChoice; readonly disableParallel?: boolean }

function decodeToolChoice(value: unknown, names: readonly string[]): Choice {
  const o = obj(value, "tool_choice");
  closed(o, "tool_choice", ["type", "name", "disable_parallel_tool_use"]);
  const rawType = need(o, "type", "tool_choice");
  if (rawType === "none") throw invalid("tool_choice.type", "Member is not supported: send no tools rather than tool_choice none");
  const type = oneOf(rawType, "tool_choice.type", ["auto", "any", "tool"]);
  const parallel = own(o, "disable_parallel_tool_use");
  const disableParallel = parallel === undefined ? undefined : bool(parallel, "tool_choice.disable_parallel_tool_use");
  const extra = disableParallel === undefined ? {} : { disableParallel };
  if (type !== "tool") {
    if (own(o, "name") !== undefined) throw invalid("tool_choice.name", "Member is only allowed when type is tool");
    return { choice: { type }, ...extra };
  }
  const name = str(need(o, "name", "tool_choice"), "tool_choice.name");
  if (!names.includes(name)) throw invalid("tool_choice.name", "Member must name one of the tools");
  return { choice: { type, name }, ...extra };
}

export interface DecodedTools {
  readonly config?: ToolConfig;
  /** The tool members of AnthropicOptions this request sets. */
  readonly options: Pick<AnthropicOptions, "deferredTools" | "eagerInputStreamingTools" | "disableParallelToolUse">;
}

export function decodeTools(tools: unknown, choice: unknown, budget: RequestBudget): DecodedTools {
  const decoded = tools === undefined ? [] : list(tools, "tools").map((t, i) => decodeTool(t, at("tools", i), budget));
  if (choice !== undefined && decoded.length === 0) throw invalid("tool_choice", "Member requires tools");
  if (decoded.length === 0) return { options: {} };
  const specs = decoded.map((t) => t.spec);
  const names = specs.map((s) => s.name);
  names.forEach((n, i) => { if (names.indexOf(n) !== i) throw invalid(at(at("tools", i), "name"), "Member must be unique among the tools"); });
  if (decoded.every((t) => t.deferred)) throw invalid("tools", "Member must hold at least one tool without defer_loading");
  const c = choice === undefined ? undefined : decodeToolChoice(choice, names);
  const deferred = decoded.filter((t) => t.deferred).map((t) => t.spec.name);
  const eager = decoded.filter((t) => t.eager).map((t) => t.spec.name);
  return {
    config: { tools: specs, ...(c ? { toolChoice: c.choice } : {}) },
    options: {
      ...(deferred.length > 0 ? { deferredTools: sensitive(deferred) } : {}),
      ...(eager.length > 0 ? { eagerInputStreamingTools: sensitive(eager) } : {}),
      ...(c?.disableParallel !== undefined ? { disableParallelToolUse: c.disableParallel } : {}),
    },
  };
}
