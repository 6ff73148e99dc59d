import { Fault, fault } from "../../kernel/index.js";
import { contextSizeFor, type LlamaCppSettings } from "./config.js";
import { LoadedModel } from "./loaded-model.js";
import { resolveModelPath } from "./model-files.js";
import { startRuntime, type LlamaRuntime } from "./runtime.js";

/**
 * The models this provider instance has loaded, by file name. Loading happens on first use and
 * is shared by concurrent first requests; a failed load is forgotten so a replaced file can be
 * retried. Nothing here is module state: close() releases everything this instance holds.
 */
export class ModelRegistry {
  readonly #settings: LlamaCppSettings;
  readonly #models = new Map<string, Promise<LoadedModel>>();
  #runtime: Promise<LlamaRuntime> | undefined;
  #closed = false;

  constructor(settings: LlamaCppSettings) {
    this.#settings = settings;
  }

  /** The loaded model for a request's `model`; validation, not-found or model-error Faults. */
  async get(model: string): Promise<LoadedModel> {
    this.#assertOpen();
    const { key, filePath } = await resolveModelPath(this.#settings.modelDir, model);
    let loading = this.#models.get(key);
    if (!loading) {
      loading = this.#load(model, filePath);
      this.#models.set(key, loading);
      loading.catch(() => this.#models.delete(key));
    }
    return loading;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const models = await Promise.allSettled([...this.#models.values()]);
    this.#models.clear();
    for (const loaded of models) if (loaded.status === "fulfilled") await loaded.value.dispose().catch(() => {});
    const runtime = await this.#runtime?.catch(() => undefined);
    await runtime?.llama.dispose().catch(() => {});
  }

  async #load(model: string, filePath: string): Promise<LoadedModel> {
    const { lib, llama } = await this.#startedRuntime();
    try {
      const loaded = await llama.loadModel({ modelPath: filePath, gpuLayers: 0 });
      if (this.#closed) await loaded.dispose();
      this.#assertOpen();
      return new LoadedModel(lib, model, loaded, contextSizeFor(this.#settings, loaded.trainContextSize), this.#settings.threads);
    } catch (error) {
      if (error instanceof Fault) throw error;
      // Library messages carry the server's file path; the caller gets a fixed sentence.
      const why = error instanceof lib.UnsupportedError ? "its format is not supported by this server's llama.cpp"
        : error instanceof lib.InsufficientMemoryError ? "there is not enough memory"
          : "the file is not a usable GGUF model";
      throw fault("model-error", `model '${model}' could not be loaded: ${why}`, { resourceName: model });
    }
  }

  #startedRuntime(): Promise<LlamaRuntime> {
    this.#runtime ??= startRuntime(this.#settings.threads).catch(() => {
      this.#runtime = undefined;
      throw fault("service-unavailable", "the local model runtime (llama.cpp) could not be started");
    });
    return this.#runtime;
  }

  #assertOpen(): void {
    if (this.#closed) throw fault("service-unavailable", "the local model provider is closed");
  }
}
