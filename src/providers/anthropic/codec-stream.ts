import { sensitive } from "../../kernel/index.js";
import type { ServiceTier, StopReason, StreamEvent, Usage } from "../../kernel/index.js";
import { isRecord, pickResponseFields, safeCode, streamFault } from "../http-upstream/index.js";
import { toServedTier, toStopReason, toUsage } from "./codec.js";
import type { Usage as WireUsage } from "./wire.js";

/**
 * Turns Messages API stream events into plinth stream events. Text, thinking, redacted thinking
 * and tool_use blocks keep their order; blocks plinth does not return (server tools) are dropped,
 * so block indexes are renumbered to stay contiguous. Unknown event types are ignored, as
 * Anthropic's versioning policy asks of clients; `error` events end the stream as a fault.
 * Response-field paths are resolved against the last `message_delta` event, as Bedrock does.
 */
export class MessageStreamTranslator {
  #started = false;
  #stopped = false;
  #nextBlock = 0;
  /** Upstream block index -> our index and whether input has arrived (tool blocks only). */
  readonly #blocks = new Map<number, { index: number; kind: "text" | "tool" | "thinking" | "redacted"; sawInput: boolean }>();
  #stop: StopReason = "end_turn";
  #input: WireUsage | undefined;
  #output = 0;
  #tier: ServiceTier | undefined;
  #lastDelta: Record<string, unknown> | undefined;

  constructor(private readonly fieldPaths?: readonly string[]) {}

  push(data: string): StreamEvent[] {
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      throw streamFault("an event is not JSON");
    }
    if (!isRecord(event)) throw streamFault("an event is not a JSON object");
    if (event.type === "error") {
      const code = isRecord(event.error) ? safeCode(event.error.type) : undefined;
      throw streamFault(`the upstream reported an error${code ? ` (code ${code})` : ""}`);
    }
    if (event.type === "message_start") return this.#start(event);
    if (!this.#started) return event.type === "ping" ? [] : this.#fail("an event came before message_start");
    if (this.#stopped) return [];
    switch (event.type) {
      case "content_block_start": return this.#blockStart(event);
      case "content_block_delta": return this.#blockDelta(event);
      case "content_block_stop": return this.#blockStop(event);
      case "message_delta": return this.#messageDelta(event);
      case "message_stop": return this.#messageStop();
      default: return []; // ping, and event types newer than this code
    }
  }

  /** The body ended: it is complete only if message_stop came. */
  end(): StreamEvent[] {
    if (!this.#stopped) throw streamFault("the stream ended before message_stop");
    return [];
  }

  #fail(problem: string): never {
    throw streamFault(problem);
  }

  #start(event: Record<string, unknown>): StreamEvent[] {
    if (this.#started) this.#fail("a second message_start");
    this.#started = true;
    const message = isRecord(event.message) ? event.message : {};
    this.#input = isRecord(message.usage) ? (message.usage as WireUsage) : undefined;
    this.#tier = toServedTier(message.usage);
    return [{ type: "messageStart", role: "assistant" }];
  }

  #blockStart(event: Record<string, unknown>): StreamEvent[] {
    const block = event.content_block;
    if (typeof event.index !== "number" || !isRecord(block)) this.#fail("content_block_start is incomplete");
    if (this.#blocks.has(event.index)) this.#fail("a content block started twice");
    if (block.type === "text" || block.type === "thinking") {
      const index = this.#nextBlock++;
      this.#blocks.set(event.index, { index, kind: block.type, sawInput: false });
      if (block.type === "thinking") return typeof block.thinking === "string" && block.thinking !== "" ? [{ type: "contentBlockDelta", index, delta: sensitive({ reasoningText: block.thinking }) }] : [];
      return typeof block.text === "string" && block.text !== "" ? [{ type: "contentBlockDelta", index, delta: sensitive({ text: block.text }) }] : [];
    }
    if (block.type === "redacted_thinking") {
      // Its data comes whole in the start event; plinth carries the string's bytes.
      if (typeof block.data !== "string") this.#fail("a redacted_thinking block lacks its data");
      const index = this.#nextBlock++;
      this.#blocks.set(event.index, { index, kind: "redacted", sawInput: false });
      return [{ type: "contentBlockDelta", index, delta: sensitive({ redactedReasoning: new TextEncoder().encode(block.data) }) }];
    }
    if (block.type !== "tool_use") return [];
    if (typeof block.id !== "string" || typeof block.name !== "string") this.#fail("a tool_use block lacks its id or name");
    const index = this.#nextBlock++;
    this.#blocks.set(event.index, { index, kind: "tool", sawInput: false });
    return [{ type: "contentBlockStart", index, toolUse: { toolUseId: block.id, name: block.name } }];
  }

  #blockDelta(event: Record<string, unknown>): StreamEvent[] {
    const block = typeof event.index === "number" ? this.#blocks.get(event.index) : undefined;
    const delta = isRecord(event.delta) ? event.delta : {};
    if (!block) return []; // a delta of a dropped block (a server tool's)
    if (delta.type === "text_delta" && typeof delta.text === "string" && block.kind === "text") {
      return delta.text === "" ? [] : [{ type: "contentBlockDelta", index: block.index, delta: sensitive({ text: delta.text }) }];
    }
    if (delta.type === "thinking_delta" && typeof delta.thinking === "string" && block.kind === "thinking") {
      return delta.thinking === "" ? [] : [{ type: "contentBlockDelta", index: block.index, delta: sensitive({ reasoningText: delta.thinking }) }];
    }
    if (delta.type === "signature_delta" && typeof delta.signature === "string" && block.kind === "thinking") {
      return [{ type: "contentBlockDelta", index: block.index, delta: sensitive({ reasoningSignature: delta.signature }) }];
    }
    if (delta.type === "input_json_delta" && typeof delta.partial_json === "string" && block.kind === "tool") {
      if (delta.partial_json === "") return []; // the API opens every tool block with an empty fragment
      block.sawInput = true;
      return [{ type: "contentBlockDelta", index: block.index, delta: sensitive({ toolUseInput: delta.partial_json }) }];
    }
    return []; // citations_delta and other annotations plinth does not return
  }

  #blockStop(event: Record<string, unknown>): StreamEvent[] {
    const block = typeof event.index === "number" ? this.#blocks.get(event.index) : undefined;
    if (!block) return [];
    if (typeof event.index === "number") this.#blocks.delete(event.index);
    // A tool without parameters streams no input; it is still a JSON object.
    const empty: StreamEvent[] = block.kind === "tool" && !block.sawInput ? [{ type: "contentBlockDelta", index: block.index, delta: sensitive({ toolUseInput: "{}" }) }] : [];
    return [...empty, { type: "contentBlockStop", index: block.index }];
  }

  #messageDelta(event: Record<string, unknown>): StreamEvent[] {
    this.#lastDelta = event;
    if (isRecord(event.delta) && typeof event.delta.stop_reason === "string") this.#stop = toStopReason(event.delta.stop_reason);
    if (isRecord(event.usage)) {
      const usage = event.usage as WireUsage;
      // output_tokens is cumulative; newer API versions repeat the (cumulative) input counts here.
      this.#output = typeof usage.output_tokens === "number" ? usage.output_tokens : this.#output;
      if (typeof usage.input_tokens === "number") this.#input = usage;
      this.#tier = toServedTier(usage) ?? this.#tier;
    }
    return [];
  }

  #messageStop(): StreamEvent[] {
    if (this.#blocks.size > 0) this.#fail("message_stop came while a block was open");
    this.#stopped = true;
    const usage: Usage = toUsage(this.#input, Math.max(0, Math.trunc(this.#output)));
    const fields = pickResponseFields(this.#lastDelta ?? {}, this.fieldPaths);
    return [
      { type: "messageStop", stopReason: this.#stop, ...(fields ? { additionalFields: sensitive(fields) } : {}) },
      { type: "metadata", usage, ...(this.#tier ? { serviceTier: this.#tier } : {}) },
    ];
  }
}
