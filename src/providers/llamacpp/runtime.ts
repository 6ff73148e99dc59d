import type { Llama } from "node-llama-cpp";

/** node-llama-cpp's module, imported on first use: it takes about half a second to load. */
export type LlamaModule = typeof import("node-llama-cpp");

export interface LlamaRuntime {
  readonly lib: LlamaModule;
  readonly llama: Llama;
}

/**
 * Starts llama.cpp with the prebuilt CPU binary only. Nothing is downloaded or compiled
 * (`build: "never"`, `skipDownload`), and nothing llama.cpp says reaches a console: its log level
 * is "disabled", the logger drops every line, and `debug` is pinned off because debug mode
 * prints straight to the console (and the NODE_LLAMA_CPP_DEBUG variable would otherwise turn it on).
 */
export async function startRuntime(threads: number): Promise<LlamaRuntime> {
  const lib = await import("node-llama-cpp");
  const llama = await lib.getLlama({
    gpu: false,
    build: "never",
    usePrebuiltBinaries: true,
    skipDownload: true,
    progressLogs: false,
    debug: false,
    logLevel: lib.LlamaLogLevel.disabled,
    logger: () => {},
    maxThreads: threads,
  });
  return { lib, llama };
}
