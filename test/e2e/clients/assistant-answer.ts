import { randomBytes } from "node:crypto";
import { signatureOf } from "./messages-checks.js";
import { pdfText } from "./pdf.fixture.js";
import { sampleOf } from "./schema-sample.js";

/**
 * What the assistant loopback answers, decided from the request the way a cooperative model
 * would answer the clients' round trips (so each step is predictable):
 * - a user turn carrying tool results: "The tool said: <their text>";
 * - tools offered (and tool_choice not none): a call of the forced tool, else of the first one,
 *   with input made from its schema (schema-sample.ts), after a short sentence when not forced;
 * - a json_schema output format (structured output: output_config.format, or the earlier beta
 *   member output_format): a JSON text made from the schema;
 * - a document in the last user turn: "The document says: <the PDF's words>";
 * - "Say: X" as the last user text: X; anything else: "Hello there.".
 * Thinking, when enabled, comes first as a signed thinking block. Stop sequences and max_tokens
 * cut the text where the real API would.
 */
type Json = Record<string, any>;

export type AnswerBlock =
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown };

export interface Answer { blocks: AnswerBlock[]; stop: string; stopSequence: string | null }

export const THINKING = "The user wants a short answer; I will give one.";
export const SIGNATURE = signatureOf(THINKING);

export function answer(b: Json): Answer {
  const last = b.messages[b.messages.length - 1] as Json;
  const blocks: Json[] = typeof last.content === "string" ? [{ type: "text", text: last.content }] : last.content;
  const thinking: AnswerBlock[] = b.thinking?.type === "enabled" || b.thinking?.type === "adaptive"
    ? [{ type: "thinking", thinking: THINKING, signature: SIGNATURE }] : [];
  const results = last.role === "user" ? blocks.filter((x) => x.type === "tool_result") : [];
  const tools = (b.tools ?? []) as Json[];
  if (results.length === 0 && tools.length > 0 && b.tool_choice?.type !== "none") {
    const forced = b.tool_choice?.type === "tool" ? tools.find((t) => t.name === b.tool_choice.name) : undefined;
    const tool = forced ?? tools[0]!;
    const call: AnswerBlock = { type: "tool_use", id: `toolu_${randomBytes(12).toString("hex")}`, name: tool.name, input: sampleOf(tool.input_schema) };
    const preamble: AnswerBlock[] = b.tool_choice?.type === "tool" || b.tool_choice?.type === "any" ? [] : [{ type: "text", text: `I'll use the ${tool.name} tool.` }];
    return { blocks: [...thinking, ...preamble, call], stop: "tool_use", stopSequence: null };
  }
  let text: string;
  if (results.length > 0) text = `The tool said: ${results.map(resultText).join(" ")}`;
  else if (outputFormat(b)) text = JSON.stringify(sampleOf(outputFormat(b)!.schema));
  else if (blocks.some((x) => x.type === "document")) text = `The document says: ${blocks.filter((x) => x.type === "document").map(documentText).join(" ")}`;
  else {
    const said = blocks.filter((x) => x.type === "text").map((x) => x.text as string).join("");
    text = said.startsWith("Say: ") ? said.slice(5) : "Hello there.";
  }
  const { text: shown, stop, stopSequence } = cut(text, b.stop_sequences ?? []);
  return { blocks: [...thinking, { type: "text", text: shown }], stop, stopSequence };
}

/** Anthropic's structured output, as the current member or the beta one it replaced. */
export function outputFormat(b: Json): { type: string; schema: unknown } | undefined {
  const format = b.output_config?.format ?? b.output_format;
  return format?.type === "json_schema" ? format : undefined;
}

/** The text before the earliest stop sequence (which the API leaves out of the answer). */
function cut(text: string, stops: string[]): { text: string; stop: string; stopSequence: string | null } {
  const hits = stops.map((s) => ({ s, at: text.indexOf(s) })).filter((h) => h.at >= 0).sort((x, y) => x.at - y.at);
  return hits[0] ? { text: text.slice(0, hits[0].at), stop: "stop_sequence", stopSequence: hits[0].s } : { text, stop: "end_turn", stopSequence: null };
}

function resultText(block: Json): string {
  if (typeof block.content === "string") return block.content;
  return ((block.content ?? []) as Json[]).filter((c) => c.type === "text").map((c) => c.text as string).join(" ");
}

function documentText(block: Json): string {
  const source = block.source as Json;
  if (source.type === "text") return source.data as string;
  if (source.type === "base64") return pdfText(Buffer.from(source.data as string, "base64")) ?? "(unreadable)";
  return "(unreadable)";
}
