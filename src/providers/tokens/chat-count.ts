import { computeChatCompletionTokenCount, FUNCTION_CALL_METADATA_TOKEN_OVERHEAD } from "gpt-tokenizer/functionCalling";
import type {
  ChatCompletionFunctionDefinition, ChatCompletionFunctionParameters, ChatCompletionFunctionProperty, ChatCompletionRequest,
  ChatMessage as CountedMessage,
} from "gpt-tokenizer/functionCalling";
import { setImmediate } from "node:timers/promises";
import { invalid } from "../../kernel/index.js";
import { slices } from "./slices.js";

/**
 * The prompt tokens of a Chat Completions request, as OpenAI's cookbook ("How to count tokens
 * with tiktoken") documents them for the current chat models: each message costs its role and
 * content plus 3 tokens of framing, the reply is primed with 3 more, and tool definitions are
 * rendered the way the models see them (a TypeScript-like `namespace functions` block) and counted
 * with their own overhead. The arithmetic is gpt-tokenizer's (`computeChatCompletionTokenCount`,
 * checked there against counts the API reported); this file only maps the request onto it.
 *
 * It is an estimate, and honest about where it is one:
 * - OpenAI does not publish its chat rendering; the per-message and per-tool constants are
 *   measured, and may drift by a few tokens on newer models.
 * - Several tool calls in one assistant message, `tool_choice: "required"` and JSON-schema
 *   keywords other than type, description, enum, items, properties and required have no measured
 *   rendering: calls are counted one by one, the others not at all.
 * - Images cost tokens by their size and the model's own formula, which plinth does not model:
 *   a request with an image part is refused rather than undercounted.
 * - Texts are counted in slices (slices.ts): exact for text with spaces, within a token or two per
 *   512 characters for long runs without one.
 *
 * The shape below is the OpenAI wire request, kept structural so this folder depends on no adapter.
 */
export interface ChatToCount {
  readonly messages: readonly {
    readonly role: string;
    readonly content?: string | readonly { readonly type: string; readonly text?: string }[] | null;
    readonly tool_calls?: readonly { readonly function: { readonly name: string; readonly arguments: string } }[];
  }[];
  readonly tools?: readonly { readonly function: { readonly name: string; readonly description?: string; readonly parameters: unknown } }[];
  readonly tool_choice?: "auto" | "required" | "none" | { readonly function: { readonly name: string } };
}

/**
 * Counts the tokens of one slice of text (slices.ts) as ordinary text: a special-token spelling
 * in it is just text, as the API treats it.
 */
export type TextCounter = (text: string) => number;

/** How much text is counted between two turns of the event loop (tens of milliseconds of work). */
const TURN_CHARS = 64 * 1024;

/**
 * Counting a large request takes CPU time, so it gives the event loop a turn every TURN_CHARS
 * characters and stops when `signal` aborts (the caller's deadline bounds the work). The
 * library's arithmetic is synchronous, so it runs twice: once to learn which texts it counts,
 * and once, after they are counted here, to add them up.
 */
export async function countChatTokens(chat: ChatToCount, count: TextCounter, signal: AbortSignal): Promise<number> {
  const { request, extraCalls } = counted(chat);
  const texts = new Set<string>(extraCalls);
  computeChatCompletionTokenCount(request, (text) => (texts.add(text), 0));
  const counts = new Map<string, number>();
  let sinceTurn = 0;
  for (const text of texts) {
    let n = 0;
    for (const slice of slices(text)) {
      n += count(slice);
      sinceTurn += slice.length;
      if (sinceTurn >= TURN_CHARS) {
        sinceTurn = 0;
        await setImmediate();
        signal.throwIfAborted();
      }
    }
    counts.set(text, n);
  }
  const tokens = (text: string): number => counts.get(text) ?? 0;
  const calls = extraCalls.reduce((sum, text) => sum + tokens(text), 0) + (extraCalls.length / 2) * FUNCTION_CALL_METADATA_TOKEN_OVERHEAD;
  return computeChatCompletionTokenCount(request, tokens) + calls;
}

/** The request in the library's terms, and the names and arguments of tool calls after each message's first. */
function counted(chat: ChatToCount): { request: ChatCompletionRequest; extraCalls: string[] } {
  const extraCalls: string[] = [];
  const messages: CountedMessage[] = chat.messages.map((m, i) => {
    const [first, ...rest] = m.tool_calls ?? [];
    for (const call of rest) extraCalls.push(call.function.name, call.function.arguments);
    return {
      role: m.role,
      content: contentText(m.content, i),
      ...(first ? { function_call: { name: first.function.name, arguments: first.function.arguments } } : {}),
    };
  });
  const request: ChatCompletionRequest = { messages };
  if (chat.tools && chat.tools.length > 0) {
    (request as { functions?: ChatCompletionFunctionDefinition[] }).functions = chat.tools.map((t) => definition(t.function));
  }
  const choice = chat.tool_choice;
  if (choice === "none") (request as { function_call?: unknown }).function_call = "none";
  else if (typeof choice === "object") (request as { function_call?: unknown }).function_call = { name: choice.function.name };
  return { request, extraCalls };
}

function contentText(content: ChatToCount["messages"][number]["content"], i: number): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  return content.map((part, j) => {
    if (part.type === "text" && typeof part.text === "string") return part.text;
    throw invalid(`messages.${i}.content.${j}`, "plinth cannot count the tokens of an image for this model");
  }).join("\n");
}

function definition(fn: { readonly name: string; readonly description?: string; readonly parameters: unknown }): ChatCompletionFunctionDefinition {
  const parameters = property(fn.parameters, 0);
  return {
    name: fn.name,
    ...(fn.description !== undefined ? { description: fn.description } : {}),
    ...(parameters.type === "object" ? { parameters: parameters as ChatCompletionFunctionParameters } : {}),
  };
}

const TYPES = new Set(["string", "integer", "number", "boolean", "null", "array", "object"]);
/** Deeper schemas are rendered as `any`: a bound on recursion over customer-written JSON. */
const MAX_DEPTH = 16;

/**
 * A customer's JSON schema reduced to what the rendering reads, with every member checked: the
 * schema is arbitrary JSON, and the renderer assumes its own typed shape. An unknown or missing
 * type renders as `any`, as the renderer does for types it has no word for.
 */
function property(schema: unknown, depth: number): ChatCompletionFunctionProperty {
  const any = { type: "any" } as unknown as ChatCompletionFunctionProperty;
  if (depth > MAX_DEPTH || typeof schema !== "object" || schema === null || Array.isArray(schema)) return any;
  const s = schema as Record<string, unknown>;
  const declared = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (typeof declared !== "string" || !TYPES.has(declared)) return any;
  const out: Record<string, unknown> = { type: declared };
  if (typeof s.description === "string") out.description = s.description;
  if (Array.isArray(s.enum)) out.enum = s.enum.filter((v) => typeof v === "string" || typeof v === "number");
  if (declared === "array" && s.items !== undefined) out.items = property(s.items, depth + 1);
  if (declared === "object" && typeof s.properties === "object" && s.properties !== null && !Array.isArray(s.properties)) {
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([name, p]) => [name, property(p, depth + 1)]));
    if (Array.isArray(s.required)) out.required = s.required.filter((r) => typeof r === "string");
  }
  return out as unknown as ChatCompletionFunctionProperty;
}
