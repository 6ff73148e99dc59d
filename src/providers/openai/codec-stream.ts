import { randomUUID } from "node:crypto";
import { extended, sensitive } from "../../kernel/index.js";
import type { ServiceTier, StopReason, StreamEvent, Usage } from "../../kernel/index.js";
import { isRecord, pickResponseFields, safeCode, streamFault } from "../http-upstream/index.js";
import { reasoningOf, toServedTier, toStopReason, toUsage } from "./codec.js";
import type { ChatUsage, ToolCallDelta } from "./wire.js";

/**
 * Turns the `data:` payloads of a streamed chat completion into plinth stream events. Text and
 * each tool call become blocks in order, reasoning (`reasoning_content` or `reasoning`) too; a
 * tool call's argument fragments are joined by their `index`. Usage arrives in a last chunk with
 * no choices, after the finish reason, so messageStop waits for the end of the stream; the
 * response-field paths are resolved against the finishing chunk with that usage added.
 */
export class ChatStreamTranslator {
  #started = false;
  #done = false;
  #nextBlock = 0;
  /** The block currently receiving deltas, and what it is. */
  #open: { index: number; tool?: number; reasoning?: true; sawInput: boolean } | undefined;
  readonly #toolBlocks = new Map<number, number>();
  #stop: StopReason | undefined;
  #usage: Usage | undefined;
  #tier: ServiceTier | undefined;
  #final: Record<string, unknown> | undefined;

  constructor(private readonly fieldPaths?: readonly string[]) {}

  push(data: string): StreamEvent[] {
    if (this.#done) return [];
    if (data === "[DONE]") {
      this.#done = true;
      return [];
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw streamFault("an event is not JSON");
    }
    if (!isRecord(chunk)) throw streamFault("an event is not a JSON object");
    if (chunk.error !== undefined && chunk.error !== null) {
      const code = isRecord(chunk.error) ? safeCode(chunk.error.code) ?? safeCode(chunk.error.type) : undefined;
      throw streamFault(`the upstream reported an error${code ? ` (code ${code})` : ""}`);
    }
    const out: StreamEvent[] = [];
    if (!this.#started) {
      this.#started = true;
      out.push({ type: "messageStart", role: "assistant" });
    }
    if (isRecord(chunk.usage)) {
      this.#usage = toUsage(chunk.usage as ChatUsage);
      if (this.#final) this.#final = extended(this.#final, { usage: chunk.usage });
    }
    this.#tier = toServedTier(chunk.service_tier) ?? this.#tier;
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as unknown[]) : [];
    // plinth never asks for n > 1, so only the first choice is ever there.
    const choice = choices.find((c) => isRecord(c) && (c.index ?? 0) === 0);
    if (isRecord(choice)) this.#choice(choice, chunk, out);
    return out;
  }

  /** The body ended: it is complete only if a finish reason came. */
  end(): StreamEvent[] {
    if (this.#stop === undefined) throw streamFault("the stream ended before the model finished");
    const fields = pickResponseFields(this.#final ?? {}, this.fieldPaths);
    // Servers that ignore stream_options send no usage; zero says "not reported".
    return [
      { type: "messageStop", stopReason: this.#stop, ...(fields ? { additionalFields: sensitive(fields) } : {}) },
      { type: "metadata", usage: this.#usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 }, ...(this.#tier ? { serviceTier: this.#tier } : {}) },
    ];
  }

  #choice(choice: Record<string, unknown>, chunk: Record<string, unknown>, out: StreamEvent[]): void {
    const delta = isRecord(choice.delta) ? choice.delta : {};
    const reasoning = reasoningOf(delta);
    const text = [delta.content, delta.refusal].filter((t): t is string => typeof t === "string" && t !== "");
    const calls = Array.isArray(delta.tool_calls) ? (delta.tool_calls as unknown[]) : [];
    if (this.#stop !== undefined && (text.length > 0 || calls.length > 0 || reasoning !== undefined)) throw streamFault("content arrived after the finish reason");
    if (reasoning !== undefined) {
      if (!this.#open?.reasoning) this.#openBlock(out, undefined, undefined, true);
      out.push({ type: "contentBlockDelta", index: this.#open!.index, delta: sensitive({ reasoningText: reasoning }) });
    }
    for (const t of text) {
      if (!this.#open || this.#open.tool !== undefined || this.#open.reasoning) this.#openBlock(out, undefined);
      out.push({ type: "contentBlockDelta", index: this.#open!.index, delta: sensitive({ text: t }) });
    }
    for (const call of calls) if (isRecord(call)) this.#toolDelta(call as unknown as ToolCallDelta, out);
    if (typeof delta.refusal === "string" && delta.refusal !== "") this.#stop = "content_filtered";
    if (typeof choice.finish_reason === "string") {
      this.#closeBlock(out);
      this.#stop = this.#stop ?? toStopReason(choice.finish_reason, choice.stop_reason);
      this.#final = chunk;
    }
  }

  #toolDelta(call: ToolCallDelta, out: StreamEvent[]): void {
    const toolIndex = typeof call.index === "number" ? call.index : 0;
    const known = this.#toolBlocks.get(toolIndex);
    if (known === undefined) {
      const name = call.function?.name;
      if (typeof name !== "string" || name === "") throw streamFault("a tool call started without a name");
      // Some local servers leave out the id; the caller needs one to send the result back.
      const id = typeof call.id === "string" && call.id !== "" ? call.id : `call_${randomUUID().replaceAll("-", "")}`;
      this.#openBlock(out, toolIndex, { toolUseId: id, name });
    } else if (this.#open?.index !== known) {
      throw streamFault("tool call fragments were interleaved");
    }
    const args = call.function?.arguments;
    if (typeof args === "string" && args !== "") {
      this.#open!.sawInput = true;
      out.push({ type: "contentBlockDelta", index: this.#open!.index, delta: sensitive({ toolUseInput: args }) });
    }
  }

  #openBlock(out: StreamEvent[], tool: number | undefined, toolUse?: { toolUseId: string; name: string }, reasoning?: true): void {
    this.#closeBlock(out);
    const index = this.#nextBlock++;
    this.#open = { index, sawInput: false, ...(tool !== undefined ? { tool } : {}), ...(reasoning ? { reasoning } : {}) };
    if (tool !== undefined) this.#toolBlocks.set(tool, index);
    if (toolUse) out.push({ type: "contentBlockStart", index, toolUse });
  }

  #closeBlock(out: StreamEvent[]): void {
    const open = this.#open;
    if (!open) return;
    // A tool without parameters streams no arguments; its input is still a JSON object.
    if (open.tool !== undefined && !open.sawInput) out.push({ type: "contentBlockDelta", index: open.index, delta: sensitive({ toolUseInput: "{}" }) });
    out.push({ type: "contentBlockStop", index: open.index });
    this.#open = undefined;
  }
}
