import type { StopReason, StreamDelta, StreamEvent } from "../../../kernel/index.js";
import { encodeServiceOptions, encodeUsage, wholeMs } from "./converse-encode.js";
import type { RequestedService, WireServiceOptions, WireUsage } from "./converse-encode.js";

/**
 * ConverseStream events (BC `ConverseStreamOutput`, an event-stream union). The HTTP layer
 * frames each one as an event-stream message with `:event-type` = `eventType` and the JSON of
 * `payload` as body.
 *
 * The payload is the member's own shape, not wrapped in its name: none of these event shapes
 * binds a member with @eventPayload or @eventHeader, and in that case the SDK
 * (@smithy/core event-streams EventStreamSerde.readEventMember) deserializes the whole body
 * as the event structure, e.g. `{"role":"assistant"}` for messageStart. The SDK round-trip test
 * beside this file checks it.
 */
export type EncodedStreamEvent =
  | { eventType: "messageStart"; payload: { role: "assistant" } }
  | { eventType: "contentBlockStart"; payload: { contentBlockIndex: number; start: { toolUse: { toolUseId: string; name: string } } } }
  | { eventType: "contentBlockDelta"; payload: { contentBlockIndex: number; delta: unknown } }
  | { eventType: "contentBlockStop"; payload: { contentBlockIndex: number } }
  | { eventType: "messageStop"; payload: { stopReason: StopReason; additionalModelResponseFields?: unknown } }
  | { eventType: "metadata"; payload: { usage: WireUsage; metrics: { latencyMs: number }; trace?: { guardrail: unknown } } & WireServiceOptions };

/**
 * One domain event as its wire event, or undefined when Bedrock sends nothing for it: a
 * contentBlockStart without a tool use (a text block) has no wire form, since `start` is a
 * required union whose members are toolUse, toolResult and image only; Bedrock opens text and
 * reasoning blocks with their first delta. `latencyMs` and `requested` (the service options
 * echoed, see converse-encode.ts) are used by the metadata event only.
 */
export function encodeStreamEvent(event: StreamEvent, latencyMs: number, requested: RequestedService = {}): EncodedStreamEvent | undefined {
  switch (event.type) {
    case "messageStart":
      return { eventType: "messageStart", payload: { role: event.role } };
    case "contentBlockStart":
      if (event.toolUse === undefined) return undefined;
      return {
        eventType: "contentBlockStart",
        payload: { contentBlockIndex: event.index, start: { toolUse: { toolUseId: event.toolUse.toolUseId, name: event.toolUse.name } } },
      };
    case "contentBlockDelta": {
      const delta = event.delta.reveal();
      return {
        eventType: "contentBlockDelta",
        payload: { contentBlockIndex: event.index, delta: wireDelta(delta) },
      };
    }
    case "contentBlockStop":
      return { eventType: "contentBlockStop", payload: { contentBlockIndex: event.index } };
    case "messageStop":
      return {
        eventType: "messageStop",
        payload: {
          stopReason: event.stopReason,
          ...(event.additionalFields === undefined ? {} : { additionalModelResponseFields: event.additionalFields.reveal() }),
        },
      };
    case "metadata":
      return {
        eventType: "metadata",
        payload: {
          usage: encodeUsage(event.usage), metrics: { latencyMs: wholeMs(latencyMs) },
          ...(event.guardrailTrace === undefined ? {} : { trace: { guardrail: event.guardrailTrace.reveal() } }),
          ...encodeServiceOptions(requested, event.serviceTier),
        },
      };
  }
}

/** ContentBlockDelta (BC): text, partial tool input, or reasoning (text, signature or redacted bytes). */
function wireDelta(delta: StreamDelta): unknown {
  if ("text" in delta) return { text: delta.text };
  if ("toolUseInput" in delta) return { toolUse: { input: delta.toolUseInput } };
  if ("reasoningText" in delta) return { reasoningContent: { text: delta.reasoningText } };
  if ("reasoningSignature" in delta) return { reasoningContent: { signature: delta.reasoningSignature } };
  return { reasoningContent: { redactedContent: Buffer.from(delta.redactedReasoning).toString("base64") } };
}
