import type { ContentBlock, ConverseResult, Message, ToolConfig, Usage } from "../../kernel/index.js";
import type { ConverseCommand } from "../../service/commands.js";
import { delivers, kindsOfBlock, omitted, withheld } from "../../service/invocation-logging/index.js";
import type { LoggingConfig, ModelInvocationLog } from "../../service/invocation-logging/index.js";
import { encodeContentBlock, encodeStreamEvent, encodeUsage } from "../bedrock-runtime/codec/index.js";
import type { EncodedStreamEvent, RequestedService } from "../bedrock-runtime/codec/index.js";
import { inputTokenCounts } from "./record-head.js";
import type { RecordHead } from "./record-head.js";
import type { StreamEnd, TimedEvent } from "./stream-tap.js";

/**
 * Records of Converse and ConverseStream, in Converse's wire shape. Each content block the
 * account's delivery flags do not let in is replaced by an omission marker, so the record keeps
 * the conversation's structure without content of a kind that was not enabled.
 */
export function converseRecord(head: RecordHead, cmd: ConverseCommand, result: ConverseResult, config: LoggingConfig): ModelInvocationLog {
  const message = result.message.reveal();
  return {
    ...head,
    input: converseInput(cmd, config, result.usage),
    output: {
      outputContentType: "application/json",
      outputBodyJson: { output: { message: messageBody(message, config) }, stopReason: result.stopReason, usage: encodeUsage(result.usage) },
      outputTokenCount: result.usage.outputTokens,
    },
    ...metadataOf(cmd),
  };
}

/**
 * A ConverseStream record: the events as the caller received them (ConverseStream's event
 * union, one `{eventType: payload}` per event), written once the stream ended, however it ended.
 * `startedAt` is when the call began, on the clock the events' `at` is read on.
 */
export function converseStreamRecord(
  head: RecordHead, cmd: ConverseCommand, events: readonly TimedEvent[], end: StreamEnd, config: LoggingConfig, startedAt: number, requested: RequestedService = {},
): ModelInvocationLog {
  const usage = usageOf(events);
  const text = delivers(config, "text");
  const body = events.flatMap(({ event, at }) => {
    const wire = encodeStreamEvent(event, at - startedAt, requested);
    return wire === undefined ? [] : [{ [wire.eventType]: text ? wire.payload : withoutText(wire) }];
  });
  return {
    ...head,
    ...(end.errorCode === undefined ? {} : { errorCode: end.errorCode }),
    streamOutcome: end.outcome,
    input: converseInput(cmd, config, usage),
    output: { outputContentType: "application/json", outputBodyJson: body, ...(usage === undefined ? {} : { outputTokenCount: usage.outputTokens }) },
    ...metadataOf(cmd),
  };
}

/**
 * The request's body in Converse's shape: messages, system, and the inference and tool
 * settings. Numbers are not content; stop sequences and tool definitions are text.
 */
function converseInput(cmd: ConverseCommand, config: LoggingConfig, usage: Usage | undefined): ModelInvocationLog["input"] {
  const conversation = cmd.conversation.reveal();
  const text = delivers(config, "text");
  const { maxTokens, temperature, topP } = cmd.inference;
  const stops = conversation.stopSequences ?? [];
  const inferenceConfig = {
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { topP }),
    ...(stops.length === 0 ? {} : { stopSequences: text ? stops : omitted(["text"]) }),
  };
  return {
    inputContentType: "application/json",
    inputBodyJson: {
      messages: conversation.messages.map((m) => messageBody(m, config)),
      ...(conversation.system.length === 0 ? {} : { system: text ? conversation.system.map((b) => ({ text: b.text })) : [omitted(["text"])] }),
      ...(Object.keys(inferenceConfig).length === 0 ? {} : { inferenceConfig }),
      ...(conversation.tools === undefined ? {} : { toolConfig: text ? toolConfigBody(conversation.tools) : omitted(["text"]) }),
    },
    ...inputTokenCounts(usage),
  };
}

function toolConfigBody({ tools, toolChoice }: ToolConfig): unknown {
  return {
    tools: tools.map((t) => ({
      toolSpec: { name: t.name, ...(t.description === undefined ? {} : { description: t.description }), inputSchema: { json: t.inputSchema }, ...(t.strict === undefined ? {} : { strict: t.strict }) },
    })),
    ...(toolChoice === undefined ? {} : { toolChoice: toolChoice.type === "tool" ? { tool: { name: toolChoice.name } } : { [toolChoice.type]: {} } }),
  };
}

function messageBody(message: Message, config: LoggingConfig): unknown {
  return { role: message.role, content: message.content.map((b) => blockBody(b, config)) };
}

/** A tool result is filtered part by part: its text may be delivered while its image is not. */
function blockBody(block: ContentBlock, config: LoggingConfig): unknown {
  if (block.type === "toolResult") {
    const parts = block.content.map((part) => {
      const missing = withheld(config, kindsOfBlock(part));
      return missing.length > 0 ? omitted(missing) : (encodeContentBlock({ ...block, content: [part] }) as { toolResult: { content: unknown[] } }).toolResult.content[0];
    });
    const wire = encodeContentBlock({ ...block, content: [] }) as { toolResult: Record<string, unknown> };
    return { toolResult: { ...wire.toolResult, content: parts } };
  }
  const missing = withheld(config, kindsOfBlock(block));
  return missing.length > 0 ? omitted(missing) : encodeContentBlock(block);
}

/** A stream event's payload with its text-kind content (deltas, tool names, response fields) replaced by a marker. */
function withoutText(wire: EncodedStreamEvent): unknown {
  switch (wire.eventType) {
    case "contentBlockDelta": return { ...wire.payload, delta: omitted(["text"]) };
    case "contentBlockStart": return { ...wire.payload, start: omitted(["text"]) };
    case "messageStop": return wire.payload.additionalModelResponseFields === undefined ? wire.payload : { ...wire.payload, additionalModelResponseFields: omitted(["text"]) };
    default: return wire.payload;
  }
}

function usageOf(events: readonly TimedEvent[]): Usage | undefined {
  for (const { event } of events) if (event.type === "metadata") return event.usage;
  return undefined;
}

function metadataOf(cmd: ConverseCommand): Pick<ModelInvocationLog, "requestMetadata"> {
  const metadata = cmd.requestMetadata?.reveal();
  return metadata === undefined ? {} : { requestMetadata: metadata };
}
