/**
 * The Anthropic Messages API wire shapes, as far as plinth uses them
 * (docs.anthropic.com/en/api/messages, .../messages-streaming, .../messages-count-tokens).
 */
/** A prompt-cache breakpoint on the block (or system text, or tool) it ends. */
export interface CacheControl { type: "ephemeral"; ttl?: "5m" | "1h" }
interface Cacheable { cache_control?: CacheControl }

export interface TextBlock extends Cacheable { type: "text"; text: string }
export interface ImageBlock extends Cacheable { type: "image"; source: { type: "base64"; media_type: string; data: string } }
/** PDFs as base64; plain text as its text (both Anthropic document sources). */
export interface DocumentBlock extends Cacheable {
  type: "document";
  source: { type: "base64"; media_type: "application/pdf"; data: string } | { type: "text"; media_type: "text/plain"; data: string };
  title?: string;
  context?: string;
  citations?: { enabled: boolean };
}
export interface ThinkingBlock { type: "thinking"; thinking: string; signature: string }
export interface RedactedThinkingBlock { type: "redacted_thinking"; data: string }
export interface ToolUseBlock extends Cacheable { type: "tool_use"; id: string; name: string; input: unknown }
export interface ToolResultBlock extends Cacheable { type: "tool_result"; tool_use_id: string; content: (TextBlock | ImageBlock | DocumentBlock)[]; is_error?: boolean }
export type RequestBlock = TextBlock | ImageBlock | DocumentBlock | ThinkingBlock | RedactedThinkingBlock | ToolUseBlock | ToolResultBlock;

export interface MessageParam { role: "user" | "assistant"; content: RequestBlock[] }

export interface Tool extends Cacheable {
  name: string; description?: string; input_schema: unknown; strict?: boolean;
  /** Tool search: the tool is loaded only when a search finds it. */
  defer_loading?: boolean;
  eager_input_streaming?: boolean;
}
export type ToolChoice = ({ type: "auto" } | { type: "any" } | { type: "tool"; name: string }) & { disable_parallel_tool_use?: boolean };

/** What POST /v1/messages and POST /v1/messages/count_tokens have in common. */
export interface Prompt {
  model: string;
  messages: MessageParam[];
  system?: TextBlock[];
  tools?: Tool[];
  tool_choice?: ToolChoice;
}

/** Extended thinking; budget_tokens is at least 1024 and below max_tokens. */
export type Thinking = ({ type: "enabled"; budget_tokens: number } | { type: "adaptive" }) & { display?: "summarized" | "omitted" };

export interface MessagesRequest extends Prompt {
  /** Required by the API. */
  max_tokens: number;
  thinking?: Thinking;
  /** Structured outputs (beta `structured-outputs-2025-11-13`). */
  output_format?: { type: "json_schema"; schema: unknown };
  /** How many tokens the model may spend overall. */
  output_config?: { effort: "low" | "medium" | "high" | "xhigh" | "max" };
  /** Context edits the API applies (clearing old thinking or tool results). */
  context_management?: Readonly<Record<string, unknown>>;
  metadata?: { user_id: string };
  /** `auto` may use Priority Tier capacity; `standard_only` never does. */
  service_tier?: "auto" | "standard_only";
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  stream?: boolean;
}

/** count_tokens takes the prompt (and thinking) only: sending max_tokens or stream there is an error. */
export type CountTokensRequest = Prompt;
export interface CountTokensResponse { input_tokens: number }

export interface Usage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  /** Prompt caching splits the input count; plinth adds the parts back together. */
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  /** standard, priority or batch: the capacity that served the call. */
  service_tier?: string | null;
}

/** Response blocks also include server tool blocks and kinds newer than this code. */
export type ResponseBlock = TextBlock | ToolUseBlock | ThinkingBlock | RedactedThinkingBlock | { type: string };

export interface MessageResponse {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: ResponseBlock[];
  /** end_turn, max_tokens, stop_sequence, tool_use, pause_turn, refusal, model_context_window_exceeded */
  stop_reason: string | null;
  stop_sequence: string | null;
  usage: Usage;
}

/** The `data:` of each SSE event; its `type` repeats the `event:` name. */
export type StreamEvent =
  | { type: "message_start"; message: MessageResponse }
  | { type: "content_block_start"; index: number; content_block: ResponseBlock }
  | { type: "content_block_delta"; index: number; delta: { type: "text_delta"; text: string } | { type: "input_json_delta"; partial_json: string } | { type: "thinking_delta"; thinking: string } | { type: "signature_delta"; signature: string } | { type: string } }
  | { type: "content_block_stop"; index: number }
  | { type: "message_delta"; delta: { stop_reason: string | null; stop_sequence: string | null }; usage: Usage }
  | { type: "message_stop" }
  | { type: "ping" }
  | { type: "error"; error: { type: string; message: string } };

export interface ErrorBody { type: "error"; error: { type: string; message: string } }
