import { invalid, sensitive } from "../../../kernel/index.js";
import type { AnthropicOptions, Conversation, InferenceConfig, Message, OutputFormat, ReasoningConfig } from "../../../kernel/index.js";
import type { ConverseCommand } from "../../../service/commands.js";
import { decodeMessages, decodeSystem } from "./content-decode.js";
import { decodeInferenceConfig } from "./inference-decode.js";
import { decodeGuardrailConfig, decodeRequestMetadata, decodeServiceOptions } from "./options-decode.js";
import { decodeRequestFields } from "./request-fields-decode.js";
import { RequestTally } from "./request-limits.js";
import { decodeToolConfig } from "./tools-decode.js";
import { at, closed, need, obj, own, str } from "../validate.js";
import type { Obj } from "../validate.js";

/**
 * Converse and ConverseStream request bodies (BC `ConverseRequest`, `ConverseStreamRequest`)
 * into a ConverseCommand.
 *
 * Unknown top-level members are refused, unlike AWS's restJson1 servers which ignore them: a
 * misspelt `guardrailconfig` or `toolconfig` silently ignored would run the request without the
 * guardrail or tools the caller meant to apply. Refusing costs a client nothing it relies on,
 * since the AWS SDKs only send modelled members.
 *
 * `messages` is optional in the model (prompt-management resources supply their own); plinth
 * serves no prompt resources, so it is required and must be non-empty.
 */
const CONVERSE_MEMBERS = [
  "messages", "system", "inferenceConfig", "toolConfig", "guardrailConfig", "additionalModelRequestFields",
  "promptVariables", "additionalModelResponseFieldPaths", "requestMetadata", "performanceConfig", "serviceTier", "outputConfig",
] as const;

const MODEL_ID = { min: 1, max: 2048, pattern: /^[a-zA-Z0-9_.:/-]+$/, patternText: "[a-zA-Z0-9_.:/-]+" } as const;

export function decodeModelId(modelId: string, max = 2048): string {
  return str(modelId, "modelId", { ...MODEL_ID, max });
}

/** The members Converse shares with CountTokens' `converse` input. */
export interface ConversationParts {
  readonly messages: readonly Message[];
  readonly system: Conversation["system"];
  readonly tools?: Conversation["tools"];
  readonly topK?: number;
  readonly reasoning?: ReasoningConfig;
  readonly outputFormat?: OutputFormat;
  readonly outputFormatField?: string;
  readonly anthropic?: AnthropicOptions;
}

export function decodeConversationParts(o: Obj, field: string): ConversationParts {
  const tally = new RequestTally();
  const messages = decodeMessages(need(o, "messages", field), at(field, "messages"), tally);
  const system = own(o, "system");
  const toolConfig = own(o, "toolConfig");
  const extra = own(o, "additionalModelRequestFields");
  // Bedrock refuses tool blocks without a toolConfig; so does every provider, later and less clearly.
  const usesTools = messages.some((m) => m.content.some((b) => b.type === "toolUse" || b.type === "toolResult"));
  if (usesTools && toolConfig === undefined) {
    throw invalid(at(field, "toolConfig"), "Member must be set when messages contain toolUse or toolResult blocks");
  }
  const parts: ConversationParts = {
    messages,
    system: system === undefined ? [] : decodeSystem(system, at(field, "system"), tally),
    ...(toolConfig === undefined ? {} : { tools: decodeToolConfig(toolConfig, at(field, "toolConfig"), tally) }),
    ...(extra === undefined ? {} : decodeRequestFields(extra, at(field, "additionalModelRequestFields"))),
  };
  tally.check();
  return parts;
}

/** The conversation of a command: what the customer wrote, kept together so it stays Sensitive. */
export function conversationOf(parts: ConversationParts, stopSequences?: readonly string[], outputFormat = parts.outputFormat): Conversation {
  return {
    system: parts.system,
    messages: parts.messages,
    ...(parts.tools === undefined ? {} : { tools: parts.tools }),
    ...(stopSequences === undefined ? {} : { stopSequences }),
    ...(outputFormat === undefined ? {} : { outputFormat }),
  };
}

function decode(body: unknown, modelId: string, stream: boolean): ConverseCommand {
  const id = decodeModelId(modelId);
  // restJson1: an empty body is a request with no members.
  const o = obj(body ?? {}, "body");
  closed(o, "", CONVERSE_MEMBERS, { shape: stream ? "ConverseStreamRequest" : "ConverseRequest" });
  const parts = decodeConversationParts(o, "");
  const config = own(o, "inferenceConfig");
  const decoded = config === undefined ? undefined : decodeInferenceConfig(config, "inferenceConfig");
  const guardrail = own(o, "guardrailConfig");
  const metadata = own(o, "requestMetadata");
  const options = decodeServiceOptions(o);
  // One structured-output request and one effort level, whichever member carried them.
  if (options.outputFormat !== undefined && parts.outputFormat !== undefined) {
    throw invalid(parts.outputFormatField ?? "additionalModelRequestFields", "Member must not be set together with outputConfig.textFormat");
  }
  if (options.effort !== undefined && parts.reasoning?.effort !== undefined) {
    throw invalid("outputConfig.effort", "Member must not be set together with an effort in additionalModelRequestFields");
  }
  const reasoning: ReasoningConfig | undefined = options.effort === undefined ? parts.reasoning : { ...parts.reasoning, effort: options.effort };
  const inference: InferenceConfig = {
    ...decoded?.inference,
    ...(parts.topK === undefined ? {} : { topK: parts.topK }),
    ...(reasoning === undefined ? {} : { reasoning }),
    ...(options.serviceTier === undefined ? {} : { serviceTier: options.serviceTier }),
    ...(options.latency === undefined ? {} : { latency: options.latency }),
  };
  return {
    modelId: id,
    conversation: sensitive(conversationOf(parts, decoded?.stopSequences, options.outputFormat ?? parts.outputFormat)),
    inference,
    ...(guardrail === undefined ? {} : { guardrail: decodeGuardrailConfig(guardrail, "guardrailConfig", stream) }),
    ...(metadata === undefined ? {} : { requestMetadata: sensitive(decodeRequestMetadata(metadata, "requestMetadata")) }),
    ...(options.responseFieldPaths === undefined ? {} : { responseFieldPaths: options.responseFieldPaths }),
    ...(parts.anthropic === undefined ? {} : { anthropic: parts.anthropic }),
  };
}

/** POST /model/{modelId}/converse: `body` is the parsed JSON, `modelId` the decoded path label. */
export function decodeConverseRequest(body: unknown, modelId: string): ConverseCommand {
  return decode(body, modelId, false);
}

/** POST /model/{modelId}/converse-stream: as Converse, with GuardrailStreamConfiguration. */
export function decodeConverseStreamRequest(body: unknown, modelId: string): ConverseCommand {
  return decode(body, modelId, true);
}
