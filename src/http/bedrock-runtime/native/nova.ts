import { Fault, invalid, sensitive } from "../../../kernel/index.js";
import type { ConverseResult, InferenceConfig, StreamEvent } from "../../../kernel/index.js";
import { conversationOf, decodeConversationParts, decodeModelId } from "../codec/converse-decode.js";
import { encodeContentBlock, encodeStreamEvent } from "../codec/index.js";
import { at, closed, defined, obj, oneOf, optNum, own, strings } from "../validate.js";
import type { Obj } from "../validate.js";
import { cacheCounts, InvocationTimer, METRICS_KEY } from "./metrics.js";
import type { Millis, NativeDecoded, NativeFamily, NativeStreamEncoder } from "./types.js";

/**
 * Amazon Nova understanding models (`amazon.nova-{micro,lite,pro,premier}`, `amazon.nova-2-*`)
 * through their `messages-v1` body: Converse's own messages, system and toolConfig, with an
 * `inferenceConfig` that takes Converse's camelCase names or the snake_case ones of Nova's first
 * documentation (`max_new_tokens`, `top_p`, `top_k`), plus `topK`. LlamaIndex sends the
 * camelCase form. The response is `{output: {message}, stopReason, usage}`; streamed, each chunk
 * is one Converse stream event under its own name (`{"contentBlockDelta": {...}}`).
 *
 * Not served: documents (Bedrock takes them through Converse only, per the Nova guide),
 * `reasoningConfig` (refused by name rather than ignored).
 */
const KEYS = ["schemaVersion", "system", "messages", "inferenceConfig", "toolConfig"];
const INFERENCE_KEYS = ["maxTokens", "max_new_tokens", "temperature", "topP", "top_p", "topK", "top_k", "stopSequences"];
const INT32_MAX = 2_147_483_647;
/**
 * The most of one tool call's input held until its block stops (Nova sends it whole). A real
 * call's arguments are a few KB; without a bound, a provider streaming one without end would
 * make us hold it up to the whole stream's limit (256 MiB).
 */
export const MAX_HELD_TOOL_INPUT = 1_000_000;

/** One of two spellings of a member; both at once is ambiguous and refused. */
function either(o: Obj, field: string, camel: string, snake: string, read: (key: string) => number | undefined): number | undefined {
  if (own(o, camel) !== undefined && own(o, snake) !== undefined) throw invalid(at(field, snake), `Member must not be set together with ${camel}`);
  return read(own(o, camel) !== undefined ? camel : snake);
}

function decodeInference(value: unknown): { inference: InferenceConfig; stops?: readonly string[] } {
  const field = "inferenceConfig";
  const o = obj(value, field);
  closed(o, field, INFERENCE_KEYS, { refused: { reasoningConfig: "reasoning is served through Converse" } });
  const stops = own(o, "stopSequences");
  return {
    inference: defined({
      maxTokens: either(o, field, "maxTokens", "max_new_tokens", (k) => optNum(o, k, field, 1, INT32_MAX, true)),
      temperature: optNum(o, "temperature", field, 0, 1),
      topP: either(o, field, "topP", "top_p", (k) => optNum(o, k, field, 0, 1)),
      topK: either(o, field, "topK", "top_k", (k) => optNum(o, k, field, 0, 500, true)),
    }),
    ...(stops === undefined ? {} : { stops: strings(stops, at(field, "stopSequences"), { max: 2500 }, { min: 1 }) }),
  };
}

function decode(body: unknown, modelId: string): NativeDecoded {
  const o = obj(body, "");
  closed(o, "", KEYS);
  const version = own(o, "schemaVersion");
  if (version !== undefined) oneOf(version, "schemaVersion", ["messages-v1"]);
  const parts = decodeConversationParts(o, "");
  if (parts.messages.some((m) => m.content.some((b) => b.type === "document"))) {
    throw invalid("messages", "Member must not contain documents: they are supported through Converse only");
  }
  const config = own(o, "inferenceConfig");
  const { inference, stops } = config === undefined ? { inference: {}, stops: undefined } : decodeInference(config);
  return { kind: "converse", command: { modelId: decodeModelId(modelId), conversation: sensitive(conversationOf(parts, stops)), inference } };
}

function usageOf(usage: ConverseResult["usage"]): Record<string, number> {
  return { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.totalTokens, ...cacheCounts(usage) };
}

function encodeConverse(result: ConverseResult): unknown {
  const message = result.message.reveal();
  return {
    output: { message: { role: message.role, content: message.content.map(encodeContentBlock) } },
    stopReason: result.stopReason,
    usage: usageOf(result.usage),
  };
}

/**
 * Converse's stream events, each as `{<eventType>: payload}`. A tool's input is sent whole in
 * one delta when its block stops, as Nova does (clients such as LlamaIndex parse that one delta
 * as JSON); the last chunk carries usage and the invocation metrics.
 */
function novaStream(_modelId: string, now?: Millis): NativeStreamEncoder {
  const timer = new InvocationTimer(now);
  const toolInputs = new Map<number, string>();
  return {
    push(event: StreamEvent): unknown[] {
      if (event.type === "metadata") {
        return [{ metadata: { usage: usageOf(event.usage), metrics: {}, trace: {} }, [METRICS_KEY]: timer.metrics(event.usage) }];
      }
      if (event.type === "contentBlockStart" && event.toolUse) toolInputs.set(event.index, "");
      if (event.type === "contentBlockDelta") {
        timer.output();
        const d = event.delta.reveal();
        const held = toolInputs.get(event.index);
        if ("toolUseInput" in d && held !== undefined) {
          if (held.length + d.toolUseInput.length > MAX_HELD_TOOL_INPUT) {
            throw new Fault("model-error", `The model's tool call input is over ${MAX_HELD_TOOL_INPUT} characters; the stream was ended.`);
          }
          toolInputs.set(event.index, held + d.toolUseInput);
          return [];
        }
      }
      const out: unknown[] = [];
      if (event.type === "contentBlockStop" && toolInputs.has(event.index)) {
        out.push({ contentBlockDelta: { contentBlockIndex: event.index, delta: { toolUse: { input: toolInputs.get(event.index) } } } });
        toolInputs.delete(event.index);
      }
      const wire = encodeStreamEvent(event, 0);
      if (wire === undefined) return out;
      const payload = wire.eventType === "messageStop" ? { stopReason: wire.payload.stopReason } : wire.payload;
      return [...out, { [wire.eventType]: payload }];
    },
  };
}

export const nova: NativeFamily = { name: "nova", decode, encodeConverse, streamEncoder: novaStream };
