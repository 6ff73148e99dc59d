import { sensitive } from "../../../kernel/index.js";
import type { InferenceConfig, Message, StopReason, Usage } from "../../../kernel/index.js";
import { at, closed, need, obj, own, str, strings } from "../validate.js";
import type { Limits, Obj } from "../validate.js";
import { completionStream } from "./completion-stream.js";
import type { CompletionChunks } from "./completion-stream.js";
import { textOf } from "./metrics.js";
import type { NativeDecoded, NativeFamily } from "./types.js";

/**
 * What the text-completion families (Llama, Mistral, Titan Text) have in common: a closed body
 * with one non-empty prompt member, optional stop sequences, and a conversation of plain text
 * turns; the answer is the model's text with a stop reason and token counts, whole or streamed.
 * Each family keeps what is its own: member names, ranges, prompt template and response shape.
 */

/** Opens the body: unknown members are refused (`refused` ones by name, with the reason) and the prompt member must hold some text. */
export function promptBody(body: unknown, known: readonly string[], promptKey: string, refused?: Readonly<Record<string, string>>): { readonly o: Obj; readonly prompt: string } {
  const o = obj(body, "");
  closed(o, "", known, refused ? { refused } : {});
  return { o, prompt: str(need(o, promptKey, ""), promptKey, { min: 1 }) };
}

/** An optional list of stop sequences under `key` of `o` (at `parent`); none may be empty. */
export function stopSequences(o: Obj, key: string, parent: string, items: Limits = {}): string[] | undefined {
  const value = own(o, key);
  return value === undefined ? undefined : strings(value, at(parent, key), items, { min: 1 });
}

export interface CompletionPrompt {
  readonly system: readonly string[];
  readonly messages: readonly Message[];
}

/**
 * The decoded command. Stop sequences are customer text, so they travel in the Sensitive
 * conversation. A system section cut out of the prompt is still part of the prompt to a
 * guardrail (Conversation.systemFromPrompt).
 */
export function completionCommand(modelId: string, prompt: CompletionPrompt, inference: InferenceConfig, stops?: readonly string[]): NativeDecoded {
  const conversation = {
    system: prompt.system.map((text) => ({ type: "text" as const, text })), messages: prompt.messages,
    ...(prompt.system.length > 0 ? { systemFromPrompt: true as const } : {}),
    ...(stops ? { stopSequences: stops } : {}),
  };
  return { kind: "converse", command: { modelId, conversation: sensitive(conversation), inference } };
}

export interface CompletionShape extends CompletionChunks {
  /** The whole (InvokeModel) response body. */
  result(text: string, stopReason: StopReason, usage: Usage): unknown;
}

/** A family that answers with its text alone: tool use cannot occur, no tools are sent. */
export function completionFamily(name: string, decode: NativeFamily["decode"], shape: CompletionShape): NativeFamily {
  return {
    name,
    decode,
    encodeConverse: (result) => shape.result(textOf(result.message.reveal()), result.stopReason, result.usage),
    streamEncoder: (_modelId, now) => completionStream(shape, now),
  };
}
