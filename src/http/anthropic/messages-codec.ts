import { extended, invalid } from "../../kernel/index.js";
import type { Conversation, Sensitive } from "../../kernel/index.js";
import type { ConverseCommand } from "../../service/commands.js";
import { anthropic } from "../bedrock-runtime/native/index.js";
import { bool, closed, need, obj, own, str } from "../bedrock-runtime/validate.js";

/**
 * Anthropic's Messages API body (POST /v1/messages, /v1/messages/count_tokens) -> the domain
 * commands, through the Anthropic family codec InvokeModel uses: the two bodies differ only in
 * that this one names its `model` and whether to `stream`, and carries the API version and betas
 * in headers (`anthropic-version`, `anthropic-beta`) where Bedrock's carries them in the body.
 * So the body becomes Bedrock's (`anthropic_version: bedrock-2023-05-31`, the betas as
 * `anthropic_beta`) and is decoded by exactly the rules, limits and refusals of InvokeModel.
 */
export interface MessagesHeaders {
  readonly version?: string;
  readonly beta?: string;
}

export interface MessagesRequest {
  /** The model as the caller named it (an id, ARN or inference profile): resolved like Converse's. */
  readonly modelId: string;
  readonly stream: boolean;
  readonly command: ConverseCommand;
}

export interface CountTokensRequest {
  readonly modelId: string;
  readonly conversation: Sensitive<Conversation>;
}

const BEDROCK_VERSION = "bedrock-2023-05-31";
const VERSION = /^\d{4}-\d{2}-\d{2}$/;
/** Bedrock's model identifiers are at most 2,048 characters (InvokeModel's modelId). */
const MODEL = { min: 1, max: 2048 };
/** Members of Bedrock's body that Anthropic's API carries in headers. */
const IN_HEADERS = ["anthropic_version", "anthropic_beta"];
/** What count_tokens takes: the prompt and what shapes it, no sampling or output settings. */
const COUNT_KEYS = ["model", "messages", "system", "tools", "tool_choice", "thinking", "output_config", "output_format", "context_management", "cache_control", "mcp_servers"];

/** `anthropic-beta: a,b` (Anthropic's SDKs join the list with commas; repeated headers arrive joined too). */
function betasOf(header: string | undefined): string[] {
  return header === undefined ? [] : header.split(",").map((b) => b.trim()).filter((b) => b !== "");
}

function checkVersion(version: string | undefined): void {
  if (version !== undefined && !VERSION.test(version.trim())) throw invalid("anthropic-version", "Header must be an API version such as 2023-06-01");
}

/** The body Bedrock's InvokeModel would have received: the caller's, less `model` and `stream`, plus version and betas. */
function bedrockBody(o: Readonly<Record<string, unknown>>, headers: MessagesHeaders, extra: Record<string, unknown> = {}): Record<string, unknown> {
  for (const key of IN_HEADERS) {
    if (own(o, key) !== undefined) throw invalid(key, "Member is not part of the Messages API: send the anthropic-version and anthropic-beta headers");
  }
  checkVersion(headers.version);
  const betas = betasOf(headers.beta);
  const { model: _model, stream: _stream, ...rest } = o;
  return extended(rest, extra, { anthropic_version: BEDROCK_VERSION, ...(betas.length > 0 ? { anthropic_beta: betas } : {}) });
}

export function decodeMessagesRequest(body: unknown, headers: MessagesHeaders): MessagesRequest {
  const o = obj(body, "");
  const modelId = str(need(o, "model", ""), "model", MODEL);
  const stream = own(o, "stream") === undefined ? false : bool(own(o, "stream"), "stream");
  const decoded = anthropic.decode(bedrockBody(o, headers), modelId);
  if (decoded.kind !== "converse") throw invalid("model", "Member must name a chat model");
  return { modelId, stream, command: decoded.command };
}

/**
 * count_tokens: the same prompt without max_tokens. The codec needs one (a thinking budget is
 * checked against it); the largest is given, so only the budget's own lower bound applies.
 */
export function decodeCountTokensRequest(body: unknown, headers: MessagesHeaders): CountTokensRequest {
  const o = obj(body, "");
  closed(o, "", [...COUNT_KEYS, ...IN_HEADERS]);
  const modelId = str(need(o, "model", ""), "model", MODEL);
  const decoded = anthropic.decode(bedrockBody(o, headers, { max_tokens: Number.MAX_SAFE_INTEGER }), modelId);
  if (decoded.kind !== "converse") throw invalid("model", "Member must name a chat model");
  return { modelId, conversation: decoded.command.conversation };
}
