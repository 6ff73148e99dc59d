/**
 * The Anthropic Messages API wire shapes, as far as plinth uses them
 * (docs.anthropic.com/en/api/messages, .../messages-streaming, .../messages-count-tokens).
 */
export interface TextBlock { type: "text"; text: string }
export interface ImageBlock { type: "image"; source: { type: "base64"; media_type: string; data: string } }
export interface ToolUseBlock { type: "tool_use"; id: string; name: string; input: unknown }
export interface ToolResultBlock { type: "tool_result"; tool_use_id: string; content: (TextBlock | ImageBlock)[]; is_error?: boolean }
export type RequestBlock = TextBlock | ImageBlock | ToolUseBlock | ToolResultBlock;

export interface MessageParam { role: "user" | "assistant"; content: RequestBlock[] }

export interface Tool { name: string; description?: string; input_schema: unknown }
export type ToolChoice = { type: "auto" } | { type: "any" } | { type: "tool"; name: string };

/** What POST /v1/messages and POST /v1/messages/count_tokens have in common. */
export interface Prompt {
  model: string;
  messages: MessageParam[];
  system?: TextBlock[];
  tools?: Tool[];
  tool_choice?: ToolChoice;
}

export interface MessagesRequest extends Prompt {
  /** Required by the API. */
  max_tokens: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  stream?: boolean;
}

/** count_tokens takes the prompt only: sending max_tokens or stream there is an error. */
export type CountTokensRequest = Prompt;
export interface CountTokensResponse { input_tokens: number }

export interface Usage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  /** Prompt caching splits the input count; plinth adds the parts back together. */
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** Response blocks also include thinking, redacted_thinking, server tool blocks, ... */
export type ResponseBlock = TextBlock | ToolUseBlock | { type: string };

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
  | { type: "content_block_delta"; index: number; delta: { type: "text_delta"; text: string } | { type: "input_json_delta"; partial_json: string } | { type: string } }
  | { type: "content_block_stop"; index: number }
  | { type: "message_delta"; delta: { stop_reason: string | null; stop_sequence: string | null }; usage: Usage }
  | { type: "message_stop" }
  | { type: "ping" }
  | { type: "error"; error: { type: string; message: string } };

export interface ErrorBody { type: "error"; error: { type: string; message: string } }
