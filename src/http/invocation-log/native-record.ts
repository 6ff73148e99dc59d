import type { Usage } from "../../kernel/index.js";
import { delivers, kindsOfConversation, omitted, withheld } from "../../service/invocation-logging/index.js";
import type { ContentKind, LoggingConfig, ModelInvocationLog } from "../../service/invocation-logging/index.js";
import { nativeResponseBody } from "../bedrock-runtime/invoke-routes.js";
import type { NativeInput, NativeOutput } from "../bedrock-runtime/invoke-routes.js";
import { inputTokenCounts } from "./record-head.js";
import type { RecordHead } from "./record-head.js";
import type { StreamEnd, TimedEvent } from "./stream-tap.js";

/**
 * Records of InvokeModel and InvokeModelWithResponseStream, as Bedrock writes them: the body the
 * caller sent, as it was sent (JSON, or base64 when it does not parse as JSON), and the family's
 * own response. A native body cannot be cut block by block the way a Converse one can, so a body
 * carrying any kind of content the account did not enable is replaced whole by an omission marker.
 */
export function invokeRecord(head: RecordHead, out: NativeOutput, config: LoggingConfig): ModelInvocationLog {
  const usage: Usage = out.kind === "converse" ? out.result.usage : { inputTokens: out.result.inputTokens, outputTokens: 0, totalTokens: out.result.inputTokens };
  // A chat answer is text; an embedding model's answer is its vectors.
  const kind: ContentKind = out.kind === "converse" ? "text" : "embedding";
  return {
    ...head,
    input: rawInput(out.input, config, usage),
    output: {
      outputContentType: "application/json",
      outputBodyJson: delivers(config, kind) ? nativeResponseBody(out) : omitted([kind]),
      ...(out.kind === "converse" ? { outputTokenCount: usage.outputTokens } : {}),
    },
    ...metadataOf(out.input),
  };
}

/**
 * An InvokeModelWithResponseStream record: the chunk objects the caller received (each `chunk`
 * event's decoded `bytes`), re-encoded from the events with the family's stream encoder on the
 * clock the events were seen on, so the invocation metrics in the last chunk match.
 */
export function invokeStreamRecord(
  head: RecordHead, input: NativeInput, events: readonly TimedEvent[], end: StreamEnd, config: LoggingConfig, startedAt: number,
): ModelInvocationLog {
  let clock = startedAt;
  const encoder = input.family.streamEncoder!(input.modelId, () => clock);
  const chunks = events.flatMap(({ event, at }) => ((clock = at), encoder.push(event)));
  const usage = events.find((e) => e.event.type === "metadata")?.event;
  const counted = usage?.type === "metadata" ? usage.usage : undefined;
  return {
    ...head,
    ...(end.errorCode === undefined ? {} : { errorCode: end.errorCode }),
    streamOutcome: end.outcome,
    input: rawInput(input, config, counted),
    output: {
      outputContentType: "application/json",
      outputBodyJson: delivers(config, "text") ? chunks : omitted(["text"]),
      ...(counted === undefined ? {} : { outputTokenCount: counted.outputTokens }),
    },
    ...metadataOf(input),
  };
}

function rawInput(input: NativeInput, config: LoggingConfig, usage: Usage | undefined): ModelInvocationLog["input"] {
  const d = input.decoded;
  const kinds: ContentKind[] = d.kind === "converse" ? kindsOfConversation(d.command.conversation.reveal()) : ["text"];
  const missing = withheld(config, kinds);
  return {
    inputContentType: input.contentType ?? "application/json",
    ...(missing.length > 0 ? { inputBodyJson: omitted(missing) } : rawBody(input.raw.reveal())),
    ...inputTokenCounts(usage),
  };
}

/** JSON as JSON (Bedrock's inputBodyJson); anything else base64, byte for byte. */
function rawBody(bytes: Uint8Array): { inputBodyJson: unknown } | { inputBodyBase64: string } {
  try {
    return { inputBodyJson: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as unknown };
  } catch {
    return { inputBodyBase64: Buffer.from(bytes).toString("base64") };
  }
}

function metadataOf(input: NativeInput): Pick<ModelInvocationLog, "requestMetadata"> {
  const metadata = input.requestMetadata?.reveal();
  return metadata === undefined ? {} : { requestMetadata: metadata };
}
