import type { Conversation, DocumentBlock } from "../../kernel/index.js";
import { documentText } from "../documents/index.js";

/** Each document block's extracted text, keyed by the block itself. */
export type DocumentTexts = ReadonlyMap<DocumentBlock, string>;

/**
 * Chat Completions takes no documents (OpenAI's `file` part is OpenAI's alone; vLLM, Ollama and
 * llama.cpp refuse it), so every document is read to text here, before the pure codec runs:
 * text formats as themselves, PDFs through pdf.js, Word and Excel refused by name.
 */
export async function extractDocuments(conversation: Conversation, signal: AbortSignal): Promise<DocumentTexts> {
  const jobs: Promise<[DocumentBlock, string]>[] = [];
  const read = (block: DocumentBlock, field: string) => jobs.push(documentText(block, field, signal).then((text) => [block, text]));
  conversation.messages.forEach((m, i) => m.content.forEach((block, j) => {
    if (block.type === "document") read(block, `messages.${i}.content.${j}`);
    if (block.type === "toolResult") block.content.forEach((c, k) => { if (c.type === "document") read(c, `messages.${i}.content.${j}.toolResult.content.${k}`); });
  }));
  // Most conversations hold no document: nothing to wait for, and one empty map serves them all.
  if (jobs.length === 0) return NO_DOCUMENTS;
  // Started together; the documents module runs at most a few at a time (each in its own memory-limited child process) and queues the rest.
  return new Map(await Promise.all(jobs));
}

const NO_DOCUMENTS: DocumentTexts = new Map();
