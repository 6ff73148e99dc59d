import { invalid } from "../../../kernel/index.js";
import type { ToolChoice, ToolConfig, ToolSpec } from "../../../kernel/index.js";
import { markPrevious } from "./cache-decode.js";
import { TOOL_NAME } from "./content-decode.js";
import type { RequestTally } from "./request-limits.js";
import { at, bool, closed, isObj, list, need, obj, own, str, union } from "../validate.js";

/**
 * toolConfig (BC `ToolConfiguration`): tools[1..] of toolSpec | systemTool | cachePoint, and an
 * optional toolChoice union. Server-side system tools run on AWS's side and have no plinth
 * equivalent, so they are refused; a cachePoint marks the tool before it.
 */
function decodeToolSpec(value: unknown, field: string): ToolSpec {
  const o = obj(value, field);
  // `strict` is carried to the provider adapter, which refuses it where it cannot keep the promise.
  closed(o, field, ["name", "description", "inputSchema", "strict"], { shape: "ToolSpecification" });
  const strict = own(o, "strict");
  const schemaField = at(field, "inputSchema");
  const [, json] = union(obj(need(o, "inputSchema", field), schemaField), schemaField, ["json"], { shape: "ToolInputSchema" });
  if (!isObj(json)) throw invalid(at(schemaField, "json"), "Member must be a JSON Schema object");
  const description = own(o, "description");
  return {
    name: str(need(o, "name", field), at(field, "name"), TOOL_NAME),
    ...(description === undefined ? {} : { description: str(description, at(field, "description"), { min: 1 }) }),
    inputSchema: json,
    ...(strict === undefined ? {} : { strict: bool(strict, at(field, "strict")) }),
  };
}

function decodeToolChoice(value: unknown, field: string, tools: readonly ToolSpec[]): ToolChoice {
  const [key, v] = union(obj(value, field), field, ["auto", "any", "tool"], { shape: "ToolChoice" });
  const f = at(field, key);
  const o = obj(v, f);
  if (key === "auto" || key === "any") {
    closed(o, f, [], { shape: key === "auto" ? "AutoToolChoice" : "AnyToolChoice" });
    return { type: key };
  }
  closed(o, f, ["name"], { shape: "SpecificToolChoice" });
  const name = str(need(o, "name", f), at(f, "name"), TOOL_NAME);
  if (!tools.some((t) => t.name === name)) throw invalid(at(f, "name"), "Member must name a tool defined in toolConfig.tools");
  return { type: "tool", name };
}

export function decodeToolConfig(value: unknown, field: string, tally: RequestTally): ToolConfig {
  const o = obj(value, field);
  closed(o, field, ["tools", "toolChoice"], { shape: "ToolConfiguration" });
  const toolsField = at(field, "tools");
  const tools: ToolSpec[] = [];
  list(need(o, "tools", field), toolsField, { min: 1 }).forEach((t, i) => {
    const tf = at(toolsField, i);
    const [key, v] = union(obj(t, tf), tf, ["toolSpec", "cachePoint"], {
      shape: "Tool",
      refused: { systemTool: "system tools are not supported by this service" },
    });
    if (key === "cachePoint") return markPrevious(tools, v, at(tf, key), "tools", tally);
    const spec = decodeToolSpec(v, at(tf, key));
    // Two tools of one name make a model's call ambiguous; providers refuse it too.
    if (tools.some((x) => x.name === spec.name)) throw invalid(at(at(tf, key), "name"), "Member must be unique among toolConfig.tools");
    tools.push(spec);
  });
  const choice = own(o, "toolChoice");
  return choice === undefined ? { tools } : { tools, toolChoice: decodeToolChoice(choice, at(field, "toolChoice"), tools) };
}
