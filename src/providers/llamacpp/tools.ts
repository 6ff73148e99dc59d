import { randomUUID } from "node:crypto";
import type { ChatModelFunctions, GbnfJsonSchema } from "node-llama-cpp";
import { invalid } from "../../kernel/index.js";
import type { Conversation, ToolSpec, ToolUseBlock } from "../../kernel/index.js";
import { toGrammarSchema } from "./grammar-schema.js";

/**
 * How a request's tools reach the model. plinth never runs a tool: a call the model makes is
 * handed back to the caller as a toolUse block.
 * - "auto": the model chooses, through node-llama-cpp's function calling, which documents the
 *   functions in the prompt the model's own chat template renders. A file without a chat
 *   template is a base model that has never seen a turn, let alone a tool, so this is refused.
 * - "forced" (toolChoice any or a named tool): the answer is a call, generated under a grammar
 *   built from the tools' schemas, so it is well formed on any model.
 * - "grammar": no tools, structured output: the text answer is generated under the schema.
 */
export type OutputPlan =
  | { readonly mode: "text" }
  | { readonly mode: "auto"; readonly functions: ChatModelFunctions }
  | { readonly mode: "forced"; readonly schema: GbnfJsonSchema; readonly names: readonly string[] }
  | { readonly mode: "grammar"; readonly schema: GbnfJsonSchema };

const toolField = (index: number): string => `toolConfig.tools.${index}.toolSpec.inputSchema`;

export function planOutput(model: string, conversation: Conversation, chatTemplate: boolean): OutputPlan {
  const tools = conversation.tools?.tools ?? [];
  if (conversation.outputFormat && tools.length > 0) {
    // node-llama-cpp takes a grammar or functions, not both; a forced call is JSON already.
    throw invalid("outputConfig.textFormat", `model '${model}' cannot combine structured output with tools`);
  }
  if (conversation.outputFormat) {
    if (conversation.outputFormat.type !== "json_schema") throw invalid("outputConfig.textFormat.type", "must be json_schema");
    return { mode: "grammar", schema: toGrammarSchema(conversation.outputFormat.schema, "outputConfig.textFormat.structure.jsonSchema.schema") };
  }
  if (tools.length === 0) return { mode: "text" };
  const schemas = tools.map((tool, index) => toGrammarSchema(tool.inputSchema, toolField(index)));
  const choice = conversation.tools?.toolChoice ?? { type: "auto" };
  if (choice.type === "auto") {
    if (!chatTemplate) {
      throw invalid("toolConfig", `model '${model}' has no chat template, so it cannot choose tools; set toolChoice to any or to a tool to force a call`);
    }
    return { mode: "auto", functions: Object.fromEntries(tools.map((tool, index) => [tool.name, functionOf(tool, schemas[index]!)])) };
  }
  if (choice.type === "tool") {
    const index = tools.findIndex((tool) => tool.name === choice.name);
    if (index < 0) throw invalid("toolConfig.toolChoice.tool.name", "must name one of the tools in toolConfig.tools");
    return { mode: "forced", names: [choice.name], schema: callSchema([choice.name], [schemas[index]!]) };
  }
  return { mode: "forced", names: tools.map((tool) => tool.name), schema: callSchema(tools.map((tool) => tool.name), schemas) };
}

function functionOf(tool: ToolSpec, params: GbnfJsonSchema): ChatModelFunctions[string] {
  return tool.description !== undefined ? { description: tool.description, params } : { params };
}

/** `{"name": <one of the tools>, "input": <that tool's schema>}`, name first so it decides the rest. */
function callSchema(names: readonly string[], schemas: readonly GbnfJsonSchema[]): GbnfJsonSchema {
  const branches = names.map((name, index) => ({
    type: "object" as const,
    properties: { name: { const: name }, input: schemas[index]! },
    required: ["name", "input"],
    additionalProperties: false,
  }));
  return (branches.length === 1 ? branches[0]! : { oneOf: branches }) as GbnfJsonSchema;
}

/** A forced call's text, which the grammar made valid JSON of the call schema, as a toolUse block. */
export function forcedCall(text: string, names: readonly string[]): ToolUseBlock | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined; // cut short by maxTokens or a stop sequence: not a call
  }
  const call = parsed as { name?: unknown; input?: unknown };
  if (typeof call.name !== "string" || !names.includes(call.name)) return undefined;
  return toolUse(call.name, call.input);
}

export function toolUse(name: string, input: unknown): ToolUseBlock {
  return { type: "toolUse", toolUseId: `tooluse_${randomUUID().replaceAll("-", "")}`, name, input: input ?? {} };
}

/**
 * A forced call is not rendered by the template's function syntax (that path takes no grammar),
 * so the model is told about the tools in the system prompt, in plain words.
 */
export function forcedCallInstruction(tools: readonly ToolSpec[], names: readonly string[]): string {
  const lines = tools.filter((tool) => names.includes(tool.name)).map((tool) => `- ${tool.name}${tool.description ? `: ${tool.description}` : ""}`);
  return `Answer with a call to ${names.length === 1 ? "this tool" : "one of these tools"}, as JSON {"name": ..., "input": ...}:\n${lines.join("\n")}`;
}
