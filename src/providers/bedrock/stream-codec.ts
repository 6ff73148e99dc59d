import { fault, sensitive } from "../../kernel/index.js";
import type { StreamEvent } from "../../kernel/index.js";
import { decodeFields, decodeServiceTier, decodeStopReason, decodeUsage, safeCode } from "./codec.js";
import type { WireStreamOutput } from "./wire.js";

/**
 * Turns ConverseStream events into domain StreamEvents, one upstream event at a time. It keeps
 * only the little state the grammar needs: blocks the domain has no place for (citations) are
 * skipped whole, so a contentBlockStop for a skipped block is skipped too, and
 * the forwarded blocks are renumbered 0, 1, ... so streamed indices match the blocks a Converse
 * answer would hold. Anything out of grammar is a "model-stream-error".
 */
export class StreamTranslator {
  readonly #indices = new Map<number, number>();
  #nextIndex = 0;
  #started = false;
  #stopped = false;
  #done = false;

  /** The domain events for one upstream event (often one, sometimes none). */
  push(item: WireStreamOutput): StreamEvent[] {
    if (item.messageStart) {
      if (this.#started) throw broken("a second messageStart");
      this.#started = true;
      return [{ type: "messageStart", role: "assistant" }];
    }
    if (!this.#started) throw broken("content before messageStart");
    if (item.contentBlockStart) {
      const { contentBlockIndex, start } = item.contentBlockStart;
      const toolUse = start?.toolUse;
      if (!toolUse) return [];
      const index = this.#open(contentBlockIndex);
      return [{ type: "contentBlockStart", index, toolUse: { toolUseId: toolUse.toolUseId ?? "", name: toolUse.name ?? "" } }];
    }
    if (item.contentBlockDelta) {
      const { contentBlockIndex, delta } = item.contentBlockDelta;
      const reasoning = delta?.reasoningContent;
      const value = delta?.text !== undefined ? { text: delta.text }
        : delta?.toolUse?.input !== undefined ? { toolUseInput: delta.toolUse.input }
        : reasoning?.text !== undefined ? { reasoningText: reasoning.text }
        : reasoning?.signature !== undefined ? { reasoningSignature: reasoning.signature }
        : reasoning?.redactedContent !== undefined ? { redactedReasoning: reasoning.redactedContent }
        : undefined;
      if (!value) return [];
      return [{ type: "contentBlockDelta", index: this.#open(contentBlockIndex), delta: sensitive(value) }];
    }
    if (item.contentBlockStop) {
      const upstream = item.contentBlockStop.contentBlockIndex ?? -1;
      const index = this.#indices.get(upstream);
      if (index === undefined) return [];
      this.#indices.delete(upstream);
      return [{ type: "contentBlockStop", index }];
    }
    if (item.messageStop) {
      const stopReason = decodeStopReason(item.messageStop.stopReason);
      if (!stopReason) throw broken(`stopReason ${safeCode(item.messageStop.stopReason)}`);
      if (this.#indices.size > 0) throw broken("messageStop with a block still open");
      this.#stopped = true;
      const fields = decodeFields(item.messageStop.additionalModelResponseFields);
      return [{ type: "messageStop", stopReason, ...(fields ? { additionalFields: sensitive(fields) } : {}) }];
    }
    if (item.metadata) {
      if (!this.#stopped) throw broken("metadata before messageStop");
      this.#done = true;
      const tier = decodeServiceTier(item.metadata.serviceTier);
      return [{ type: "metadata", usage: decodeUsage(item.metadata.usage), ...(tier ? { serviceTier: tier } : {}) }];
    }
    const exception = Object.keys(item).find((key) => key.endsWith("Exception"));
    if (exception) throw streamException(exception, item);
    return []; // an event kind newer than this code carries nothing the domain has
  }

  /** Called when the upstream stream ends: an early end is a broken stream. */
  finish(): void {
    if (!this.#done) throw broken("the stream ended before its metadata");
  }

  #open(upstream: number | undefined): number {
    if (this.#stopped) throw broken("content after messageStop");
    const key = upstream ?? -1;
    let index = this.#indices.get(key);
    if (index === undefined) {
      index = this.#nextIndex++;
      this.#indices.set(key, index);
    }
    return index;
  }
}

function broken(what: string) {
  return fault("model-stream-error", `upstream stream is malformed: ${what}`);
}

/**
 * An exception delivered as an event of the union (older SDKs do this; newer ones throw). It is
 * rethrown in the shape the SDK throws, so one error mapping serves both.
 */
function streamException(key: string, item: WireStreamOutput): Error {
  const body = (item as unknown as Record<string, { originalStatusCode?: number } | undefined>)[key];
  const name = key.charAt(0).toUpperCase() + key.slice(1);
  return Object.assign(new Error(name), { name, originalStatusCode: body?.originalStatusCode });
}
