import { Fault } from "../../kernel/index.js";
import type { StopReason, StreamEvent, Usage } from "../../kernel/index.js";
import { sseEvent } from "../sse.js";
import type { ChatIdentity } from "./chat-encode.js";
import { finalStatus, functionCallItem, messageItem, outputText, reasoningItem, responseObject } from "./responses-encode.js";

/**
 * Converse stream events -> the Responses API's streaming events, as the `openai` package's
 * ResponseStream accumulates them: response.created and response.in_progress first; each output
 * item opened (output_item.added, content_part.added), filled (output_text.delta,
 * reasoning_text.delta, function_call_arguments.delta) and closed (*.done, output_item.done);
 * then, once the whole answer and its usage are known, response.completed (response.incomplete
 * when the token limit cut it short). Every event carries its sequence_number, which the SDK
 * uses to resume. Consecutive text blocks make one message item, as the synchronous answer does.
 *
 * The last event is asked for separately (`finish`): the route sends it as the stream's trailer,
 * after the exchange is recorded, so a client never sees "completed" for an answer the service
 * could not account for. A failure after the head ends the stream with `failure` instead.
 */
type Open =
  | { readonly kind: "message" | "reasoning"; readonly index: number; readonly id: string; text: string }
  | { readonly kind: "function_call"; readonly index: number; readonly id: string; readonly block: number; readonly callId: string; readonly name: string; args: string };

export type ResponseEvent = Record<string, unknown> & { readonly type: string };

/**
 * The most output one streamed response holds (its text, reasoning and call arguments): the
 * Responses API repeats the whole answer in its last event, so all of it is kept until then. A
 * model's longest answer is well under a million characters; without a bound, a provider
 * streaming without end would make us hold up to the stream limit (256 MiB).
 */
export const MAX_HELD_OUTPUT_CHARACTERS = 4_000_000;

/** What a failure says, in OpenAI's words (openAiErrorBody's `error`): codes and messages hold no content. */
export interface StreamFailure {
  readonly code: string | null;
  readonly type: string;
  readonly message: string;
  readonly param: string | null;
}

export class ResponseEvents {
  #sequence = 0;
  #started = false;
  #open: Open | undefined;
  readonly #output: Record<string, unknown>[] = [];
  #stop: StopReason | undefined;
  #usage: Usage | undefined;
  #held = 0;

  constructor(private readonly who: ChatIdentity) {}

  /** The events for one stream event, in order (often none). */
  next(event: StreamEvent): ResponseEvent[] {
    const out: ResponseEvent[] = [];
    switch (event.type) {
      case "messageStart":
        this.#start(out);
        break;
      case "contentBlockStart":
        if (event.toolUse !== undefined) {
          this.#start(out);
          this.#close(out);
          const index = this.#output.length;
          this.#open = { kind: "function_call", index, id: `fc_${event.toolUse.toolUseId}`, block: event.index, callId: event.toolUse.toolUseId, name: event.toolUse.name, args: "" };
          out.push(this.#event("response.output_item.added", { output_index: index, item: functionCallItem(event.toolUse.toolUseId, event.toolUse.name, "", "in_progress") }));
        }
        break;
      case "contentBlockDelta": {
        const delta = event.delta.reveal();
        this.#hold("text" in delta ? delta.text : "reasoningText" in delta ? delta.reasoningText : "toolUseInput" in delta ? delta.toolUseInput : "");
        if ("text" in delta) {
          const open = this.#opened("message", out);
          open.text += delta.text;
          out.push(this.#event("response.output_text.delta", { item_id: open.id, output_index: open.index, content_index: 0, delta: delta.text, logprobs: [] }));
        } else if ("reasoningText" in delta) {
          const open = this.#opened("reasoning", out);
          open.text += delta.reasoningText;
          out.push(this.#event("response.reasoning_text.delta", { item_id: open.id, output_index: open.index, content_index: 0, delta: delta.reasoningText }));
        } else if ("toolUseInput" in delta) {
          const open = this.#open;
          // Arguments belong to the call their block opened; a stray delta has no item to join.
          if (open?.kind !== "function_call" || open.block !== event.index) break;
          open.args += delta.toolUseInput;
          out.push(this.#event("response.function_call_arguments.delta", { item_id: open.id, output_index: open.index, delta: delta.toolUseInput }));
        }
        // Reasoning signatures and redacted reasoning have no Responses member: dropped, as the synchronous answer drops them.
        break;
      }
      case "contentBlockStop":
        // Text and reasoning stay open, so the next block of the same kind continues the same item.
        if (this.#open?.kind === "function_call" && this.#open.block === event.index) this.#close(out);
        break;
      case "messageStop":
        this.#stop = event.stopReason;
        this.#close(out);
        break;
      case "metadata":
        this.#usage = event.usage;
        break;
    }
    return out;
  }

  #hold(piece: string | undefined): void {
    this.#held += piece?.length ?? 0;
    if (this.#held > MAX_HELD_OUTPUT_CHARACTERS) {
      throw new Fault("model-error", `The model's answer is over ${MAX_HELD_OUTPUT_CHARACTERS} characters; the stream was ended.`);
    }
  }

  /** The stream's last events: anything still open closed, then the Response with its usage. */
  finish(): ResponseEvent[] {
    const out: ResponseEvent[] = [];
    this.#start(out);
    this.#close(out);
    const status = finalStatus(this.#stop);
    out.push(this.#event(`response.${status}`, { response: responseObject(this.who, status, this.#output, this.#usage) }));
    return out;
  }

  /** A failure after the head: the Response failed, then the error itself (what the SDK raises). */
  failure(f: StreamFailure): ResponseEvent[] {
    const out: ResponseEvent[] = [];
    this.#start(out);
    const code = f.code ?? f.type;
    out.push(this.#event("response.failed", { response: responseObject(this.who, "failed", this.#output, this.#usage, { code, message: f.message }) }));
    out.push(this.#event("error", { code, message: f.message, param: f.param }));
    return out;
  }

  #start(out: ResponseEvent[]): void {
    if (this.#started) return;
    this.#started = true;
    out.push(this.#event("response.created", { response: responseObject(this.who, "in_progress", [], undefined) }));
    out.push(this.#event("response.in_progress", { response: responseObject(this.who, "in_progress", [], undefined) }));
  }

  /** The open item of this kind, opening one (and closing any other) when there is none. */
  #opened(kind: "message" | "reasoning", out: ResponseEvent[]): Extract<Open, { kind: "message" | "reasoning" }> {
    const current = this.#open;
    if (current !== undefined && current.kind === kind) return current;
    this.#start(out);
    this.#close(out);
    const index = this.#output.length;
    const id = `${kind === "message" ? "msg" : "rs"}_${this.who.id}_${index}`;
    const open = { kind, index, id, text: "" };
    this.#open = open;
    const item = kind === "message" ? messageItem(id, "", "in_progress") : { type: "reasoning", id, summary: [], content: [] };
    const part = kind === "message" ? outputText("") : { type: "reasoning_text", text: "" };
    out.push(this.#event("response.output_item.added", { output_index: index, item }));
    out.push(this.#event("response.content_part.added", { item_id: id, output_index: index, content_index: 0, part }));
    return open;
  }

  #close(out: ResponseEvent[]): void {
    const open = this.#open;
    if (open === undefined) return;
    this.#open = undefined;
    const at = { item_id: open.id, output_index: open.index };
    let item: Record<string, unknown>;
    if (open.kind === "function_call") {
      // A call without arguments streams none; its arguments are still a JSON object, as the synchronous answer writes them.
      const args = open.args === "" ? "{}" : open.args;
      item = functionCallItem(open.callId, open.name, args, "completed");
      out.push(this.#event("response.function_call_arguments.done", { ...at, name: open.name, arguments: args }));
    } else if (open.kind === "message") {
      item = messageItem(open.id, open.text, "completed");
      out.push(this.#event("response.output_text.done", { ...at, content_index: 0, text: open.text, logprobs: [] }));
      out.push(this.#event("response.content_part.done", { ...at, content_index: 0, part: outputText(open.text) }));
    } else {
      item = reasoningItem(open.id, open.text);
      out.push(this.#event("response.reasoning_text.done", { ...at, content_index: 0, text: open.text }));
      out.push(this.#event("response.content_part.done", { ...at, content_index: 0, part: { type: "reasoning_text", text: open.text } }));
    }
    this.#output.push(item);
    out.push(this.#event("response.output_item.done", { output_index: open.index, item }));
  }

  #event(type: string, body: Record<string, unknown>): ResponseEvent {
    return { type, ...body, sequence_number: this.#sequence++ };
  }
}

/** Events as OpenAI frames them: each named for its type. */
export function responseFrames(events: readonly ResponseEvent[]): Uint8Array {
  const frames = events.map((e) => sseEvent(e.type, e));
  const joined = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let offset = 0;
  for (const f of frames) { joined.set(f, offset); offset += f.length; }
  return joined;
}
