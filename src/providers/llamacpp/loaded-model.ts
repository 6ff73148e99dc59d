import type { ChatWrapper, GbnfJsonSchema, LlamaChat, LlamaContextSequence, LlamaEmbeddingContext, LlamaGrammar, LlamaModel } from "node-llama-cpp";
import type { GgufProbe } from "./probe.js";
import type { LlamaModule } from "./runtime.js";
import { SerialQueue } from "./serial-queue.js";

/**
 * One model file in memory, with the contexts built for it on first need. Contexts are created
 * and used only while holding `queue`, so one request at a time touches them.
 */
export class LoadedModel {
  readonly name: string;
  readonly model: LlamaModel;
  readonly contextSize: number;
  readonly queue = new SerialQueue();
  /** What the file's header says: an embedding or a chat model, and whether it has a chat template. */
  readonly kind: "chat" | "embedding";
  readonly chatTemplate: boolean;
  readonly #lib: LlamaModule;
  readonly #threads: number;
  #chatWrapper: ChatWrapper | undefined;
  #sequence: LlamaContextSequence | undefined;
  #embedding: LlamaEmbeddingContext | undefined;

  constructor(lib: LlamaModule, name: string, model: LlamaModel, contextSize: number, threads: number, probe: Extract<GgufProbe, { usable: true }>) {
    this.#lib = lib;
    this.kind = probe.kind;
    this.chatTemplate = probe.chatTemplate;
    this.name = name;
    this.model = model;
    this.contextSize = contextSize;
    this.#threads = threads;
  }

  /**
   * The model's own chat template, as node-llama-cpp reads it from the GGUF metadata (Jinja
   * template or a specialised wrapper); files without one get its general-purpose wrapper.
   */
  get chatWrapper(): ChatWrapper {
    this.#chatWrapper ??= this.#lib.resolveChatWrapper(this.model, { warningLogs: false });
    return this.#chatWrapper;
  }

  async chatSequence(): Promise<LlamaContextSequence> {
    if (!this.#sequence) {
      const context = await this.model.createContext({ contextSize: this.contextSize, threads: this.#threads, sequences: 1 });
      this.#sequence = context.getSequence();
    }
    return this.#sequence;
  }

  newChat(sequence: LlamaContextSequence): LlamaChat {
    return new this.#lib.LlamaChat({ contextSequence: sequence, chatWrapper: this.chatWrapper, autoDisposeSequence: false });
  }

  /** A grammar per request: schemas are the caller's and differ from request to request. */
  grammarFor(schema: GbnfJsonSchema): Promise<LlamaGrammar> {
    // The generic parameters only type the parsed result, which plinth does not use.
    return this.model.llama.createGrammarForJsonSchema(schema as Parameters<LlamaModel["llama"]["createGrammarForJsonSchema"]>[0]);
  }

  async embeddingContext(): Promise<LlamaEmbeddingContext> {
    this.#embedding ??= await this.model.createEmbeddingContext({ contextSize: this.contextSize, threads: this.#threads });
    return this.#embedding;
  }

  get embeddingSize(): number {
    return this.model.embeddingVectorSize;
  }

  async dispose(): Promise<void> {
    await this.#embedding?.dispose();
    await this.#sequence?.context.dispose();
    await this.model.dispose();
  }
}
