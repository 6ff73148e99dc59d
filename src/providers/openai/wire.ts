/**
 * The OpenAI Chat Completions and Embeddings wire shapes, as far as plinth uses them
 * (platform.openai.com/docs/api-reference). Servers that copy this API (vLLM, Ollama,
 * llama.cpp server, LM Studio) speak the same shapes; fields only some of them send are optional.
 */
export interface TextPart { type: "text"; text: string }
export interface ImagePart { type: "image_url"; image_url: { url: string } }
export type ContentPart = TextPart | ImagePart;

export interface ToolCall { id: string; type: "function"; function: { name: string; arguments: string } }

export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ContentPart[] }
  | { role: "assistant"; content: string | TextPart[] | null; tool_calls?: ToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface FunctionTool { type: "function"; function: { name: string; description?: string; parameters: unknown; strict?: boolean } }
export type ToolChoice = "auto" | "required" | "none" | { type: "function"; function: { name: string } };

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  reasoning_effort?: "minimal" | "low" | "medium" | "high";
  response_format?: { type: "json_schema"; json_schema: { name: string; description?: string; schema: unknown; strict: true } };
  service_tier?: "default" | "flex" | "priority";
}

/** `prompt_tokens` includes the cached ones; `cached_tokens` says how many of them were cached. */
export interface ChatUsage { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number; prompt_tokens_details?: { cached_tokens?: number | null } | null }

export interface ChatChoice {
  index: number;
  /** `reasoning_content` (vLLM, DeepSeek) or `reasoning` (Ollama, OpenRouter, newer vLLM): the model's thinking. */
  message: { role: "assistant"; content: string | null; refusal?: string | null; tool_calls?: ToolCall[]; reasoning_content?: string | null; reasoning?: string | null };
  finish_reason: string | null;
  /** vLLM only: the stop string that ended generation, when one did. */
  stop_reason?: string | number | null;
}

export interface ChatCompletion { id: string; object: "chat.completion"; model: string; choices: ChatChoice[]; usage?: ChatUsage; service_tier?: string | null }

export interface ToolCallDelta { index: number; id?: string; type?: "function"; function?: { name?: string; arguments?: string } }

export interface ChunkChoice {
  index: number;
  delta: { role?: string; content?: string | null; refusal?: string | null; tool_calls?: ToolCallDelta[]; reasoning_content?: string | null; reasoning?: string | null };
  finish_reason: string | null;
  stop_reason?: string | number | null;
}

/** One `data:` line of a streamed completion; the stream ends with `data: [DONE]`. */
export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  choices: ChunkChoice[];
  /** Only on the last chunk, and only when `stream_options.include_usage` was asked for. */
  usage?: ChatUsage | null;
  /** vLLM and others report a failure that happens mid-stream this way. */
  error?: { message?: string; type?: string; code?: string | number | null };
}

export interface EmbeddingRequest { model: string; input: string[]; encoding_format: "float"; dimensions?: number }

export interface EmbeddingResponse {
  object: "list";
  data: { object: "embedding"; index: number; embedding: number[] }[];
  model: string;
  usage?: { prompt_tokens?: number; total_tokens?: number };
}

export interface ErrorBody { error: { message: string; type: string; param: string | null; code: string | null } }
