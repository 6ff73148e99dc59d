import type { ConverseResult, StreamEvent } from "../../kernel/index.js";
import { METRICS_KEY, anthropic } from "../bedrock-runtime/native/index.js";
import type { Millis } from "../bedrock-runtime/native/index.js";
import { sseEvent } from "../sse.js";

/**
 * The domain's answers -> Anthropic's Messages API, through the Anthropic family codec that
 * InvokeModel answers with. Two differences from InvokeModel's answer: `model` is the model as
 * the caller named it (as Anthropic's API echoes the request), and a stream is server-sent
 * events, each chunk an event named for its `type`, with a `ping` after message_start as
 * Anthropic sends, and without the `amazon-bedrock-invocationMetrics` Bedrock adds to the last
 * chunk (the API has no such member; usage travels in message_delta).
 */
export function encodeMessage(result: ConverseResult, modelId: string, requestedModel: string): Record<string, unknown> {
  const message = anthropic.encodeConverse!(result, modelId) as Record<string, unknown>;
  return { ...message, model: requestedModel };
}

export interface MessageEvents {
  /** 0..n server-sent events for one domain event. */
  push(event: StreamEvent): Uint8Array[];
}

export function messageEvents(modelId: string, requestedModel: string, now?: Millis): MessageEvents {
  const chunks = anthropic.streamEncoder!(modelId, now);
  return {
    push(event: StreamEvent): Uint8Array[] {
      return chunks.push(event).flatMap((chunk) => {
        const c = chunk as Record<string, unknown> & { readonly type: string };
        switch (c.type) {
          case "message_start":
            return [sseEvent(c.type, { ...c, message: { ...(c["message"] as object), model: requestedModel } }), sseEvent("ping", { type: "ping" })];
          case "message_stop": {
            const { [METRICS_KEY]: _metrics, ...rest } = c;
            return [sseEvent(c.type, rest)];
          }
          default:
            return [sseEvent(c.type, c)];
        }
      });
    },
  };
}
