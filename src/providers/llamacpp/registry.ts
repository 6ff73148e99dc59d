import { Fault, fault } from "../../kernel/index.js";
import { contextSizeFor, type LlamaCppSettings } from "./config.js";
import { LoadedModel } from "./loaded-model.js";
import { resolveModelPath } from "./model-files.js";
import { classifyGguf, loadFailureReason, readGgufHeader } from "./probe.js";
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
    const runtime = await this.#startedRuntime();
    // The header decision the catalogue made at discovery, made again here: the file may have
    // been replaced since, and a model configured by hand was never probed.
    const header = await readGgufHeader(runtime, filePath);
    const probe = "reason" in header ? { usable: false as const, reason: header.reason } : classifyGguf(header);
    if (!probe.usable) throw fault("model-error", `model '${model}' cannot be used: ${probe.reason}`, { resourceName: model });
    try {
      const loaded = await runtime.llama.loadModel({ modelPath: filePath, gpuLayers: 0 });
      if (this.#closed) await loaded.dispose();
      this.#assertOpen();
      return new LoadedModel(runtime.lib, model, loaded, contextSizeFor(this.#settings, loaded.trainContextSize), this.#settings.threads, probe);
    } catch (error) {
      if (error instanceof Fault) throw error;
      throw fault("model-error", `model '${model}' could not be loaded: ${loadFailureReason(runtime, error)}`, { resourceName: model });
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
