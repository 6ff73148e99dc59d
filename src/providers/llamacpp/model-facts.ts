import { DEFAULT_MAX_TOKENS } from "./config.js";
import type { GgufProbe } from "./probe.js";

/** What the catalogue says about a probed file: only what this adapter really serves. */
export interface LocalModelFacts {
  readonly inputModalities: readonly "TEXT"[];
  readonly outputModalities: readonly ("TEXT" | "EMBEDDING")[];
  readonly streaming: boolean;
  readonly lifecycle: "ACTIVE" | "UNAVAILABLE";
  readonly statusReason?: string;
  readonly description: string;
}

export const TEXT_DOCUMENT_FORMATS = ["txt", "md", "csv", "html"] as const;

/**
 * A chat model answers Converse (and CountTokens); an embedding model answers InvokeModel with
 * an embedding body. Neither claims the other's output: a chat model's pooled hidden state is a
 * vector, but not one trained to mean anything, so it is not advertised as an embedding.
 */
export function localModelFacts(probe: GgufProbe): LocalModelFacts {
  if (!probe.usable) {
    return {
      inputModalities: [], outputModalities: [], streaming: false, lifecycle: "UNAVAILABLE", statusReason: probe.reason,
      description: `A GGUF file this server cannot serve: ${probe.reason}.`,
    };
  }
  if (probe.kind === "embedding") {
    return {
      inputModalities: ["TEXT"], outputModalities: ["EMBEDDING"], streaming: false, lifecycle: "ACTIVE",
      description: "A GGUF embedding model run by llama.cpp on this machine. Call it with InvokeModel and a Titan ({inputText}) or Cohere ({texts, input_type}) embedding body; it does not chat.",
    };
  }
  const tools = probe.chatTemplate
    ? "Tools through its chat template (the model chooses; toolChoice any or a named tool forces a call constrained to the tool's schema)."
    : "No chat template: tools only with toolChoice any or a named tool, which force a call constrained to the tool's schema.";
  return {
    inputModalities: ["TEXT"], outputModalities: ["TEXT"], streaming: true, lifecycle: "ACTIVE",
    description: `A GGUF chat model run by llama.cpp on this machine. Takes text, and documents in ${TEXT_DOCUMENT_FORMATS.join(", ")} as their text `
      + `(not pdf, doc, docx, xls or xlsx; no images). ${tools} Structured output (outputConfig.textFormat) through a JSON-schema grammar. `
      + `No reasoning; cache points are accepted and have no effect. maxTokens defaults to ${DEFAULT_MAX_TOKENS}.`,
  };
}
