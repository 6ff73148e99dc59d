import { open, stat } from "node:fs/promises";
import type { GgufFileInfo } from "node-llama-cpp";
import { startRuntime, type LlamaRuntime } from "./runtime.js";

/**
 * What a GGUF file is, found without loading its weights: its header (node-llama-cpp's
 * readGgufFileInfo, milliseconds per file) and a vocabulary-only load through llama.cpp, which
 * checks what the header cannot (an architecture or tokenizer this build of llama.cpp does not
 * know). Weights that are damaged beyond the header are still found on first use only: loading
 * every weight at start-up would read each file in full.
 */
export type GgufProbe =
  | { readonly usable: true; readonly kind: "chat" | "embedding"; readonly chatTemplate: boolean; readonly trainContextSize: number }
  | { readonly usable: false; readonly reason: string };

/** The header facts the decision needs (a slice of GgufFileInfo, so tests can state them plainly). */
export interface GgufHeader {
  readonly version: number;
  readonly tensorCount: number | bigint;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** The versions llama.cpp reads; v1 files (2023) were dropped from it long ago. */
const SUPPORTED_VERSIONS = [2, 3];
/** Encoder architectures llama.cpp runs only as embedding models (they have no causal head). */
const ENCODERS = new Set(["bert", "nomic-bert", "nomic-bert-moe", "jina-bert-v2", "jina-bert-v3", "modern-bert", "neo-bert", "t5encoder"]);

const VOCABULARY_KEYS = ["tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type", "tokenizer.ggml.merges"];

/** The 4-byte magic and the version that follows it; undefined when the bytes are not GGUF. */
export function ggufVersion(head: Uint8Array): number | undefined {
  if (head.length < 8 || Buffer.from(head.subarray(0, 4)).toString("latin1") !== "GGUF") return undefined;
  return Buffer.from(head.buffer, head.byteOffset, 8).readUInt32LE(4);
}

function section(metadata: Readonly<Record<string, unknown>>, key: string): Readonly<Record<string, unknown>> {
  const value = metadata[key];
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * The pure part of the probe: what the header says the file is. The reasons are fixed sentences
 * (they reach the catalogue, the log and error messages), never text taken from the file.
 */
export function classifyGguf(header: GgufHeader): GgufProbe {
  if (!SUPPORTED_VERSIONS.includes(header.version)) {
    return { usable: false, reason: `GGUF version ${header.version} is not supported by this server's llama.cpp (versions 2 and 3 are)` };
  }
  const general = section(header.metadata, "general");
  const type = general["type"];
  if (type === "adapter") return { usable: false, reason: "the file is a LoRA adapter, not a model" };
  if (type !== undefined && type !== "model") return { usable: false, reason: "the file is not a model (its general.type is not 'model')" };
  const architecture = general["architecture"];
  if (typeof architecture !== "string" || architecture.length === 0) return { usable: false, reason: "the file names no model architecture" };
  if (architecture === "clip") return { usable: false, reason: "the file is a multimodal projector, not a model" };
  if (Number(header.tensorCount) === 0) return { usable: false, reason: "the file holds a vocabulary only (no weights)" };
  const hparams = section(header.metadata, architecture);
  const attention = section(hparams, "attention");
  // pooling_type 0 is "none": a generative model's file may carry it without being an embedder.
  const pooling = hparams["pooling_type"];
  const embedding = ENCODERS.has(architecture) || attention["causal"] === false || (typeof pooling === "number" && pooling > 0);
  const tokenizer = section(header.metadata, "tokenizer");
  const template = tokenizer["chat_template"];
  const context = hparams["context_length"];
  return {
    usable: true,
    kind: embedding ? "embedding" : "chat",
    chatTemplate: typeof template === "string" && template.length > 0,
    trainContextSize: typeof context === "number" && context > 0 ? context : 0,
  };
}

async function readHead(filePath: string): Promise<Uint8Array | undefined> {
  const handle = await open(filePath, "r").catch(() => undefined);
  if (!handle) return undefined;
  try {
    const head = new Uint8Array(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The header as node-llama-cpp reads it, or why it could not be read. */
export async function readGgufHeader(runtime: Pick<LlamaRuntime, "lib">, filePath: string): Promise<GgufHeader | { reason: string }> {
  const head = await readHead(filePath);
  if (!head) return { reason: "the file could not be read" };
  const version = ggufVersion(head);
  if (version === undefined) return { reason: "the file is not a GGUF file" };
  // Checked before the parser, which refuses old versions with its own (path-free) message.
  if (!SUPPORTED_VERSIONS.includes(version)) return { version, tensorCount: 0, metadata: {} };
  let info: GgufFileInfo;
  try {
    // A local path only (the reader would fetch a URL), and without the vocabulary arrays, which
    // are most of a header's size and which the decision does not need.
    info = await runtime.lib.readGgufFileInfo(filePath, { sourceType: "filesystem", readTensorInfo: true, logWarnings: false, ignoreKeys: VOCABULARY_KEYS, spliceSplitFiles: false });
  } catch {
    return { reason: "the file's GGUF header is damaged or truncated" };
  }
  // The reader reads past the end of a short file as zeros rather than failing, so a file cut
  // short (an interrupted download) is found by where its header and tensors say they end.
  const size = (await stat(filePath)).size;
  // The header's end is counted with the padding before tensor data, which a file without
  // tensors (a vocabulary) does not carry; a tensor's data starts before the end of the file.
  const starts = (info.tensorInfo ?? []).map((t) => Number(t.fileOffset));
  if ((starts.length > 0 && (info.infoEndOffset ?? 0) > size) || starts.some((start) => start >= size)) return { reason: "the file is truncated (its tensors reach past its end)" };
  return { version: info.version, tensorCount: info.totalTensorCount, metadata: info.metadata as unknown as Record<string, unknown> };
}

/** The header decision, then a vocabulary-only load to let llama.cpp itself accept the file. */
export async function probeGgufFile(runtime: LlamaRuntime, filePath: string): Promise<GgufProbe> {
  const header = await readGgufHeader(runtime, filePath);
  if ("reason" in header) return { usable: false, reason: header.reason };
  const decided = classifyGguf(header);
  if (!decided.usable) return decided;
  try {
    const vocab = await runtime.llama.loadModel({ modelPath: filePath, vocabOnly: true, gpuLayers: 0 });
    await vocab.dispose();
  } catch (error) {
    return { usable: false, reason: loadFailureReason(runtime, error) };
  }
  return decided;
}

/** Library messages carry the server's file path; callers and logs get a fixed sentence. */
export function loadFailureReason(runtime: Pick<LlamaRuntime, "lib">, error: unknown): string {
  if (error instanceof runtime.lib.UnsupportedError) return "its format is not supported by this server's llama.cpp";
  if (error instanceof runtime.lib.InsufficientMemoryError) return "there is not enough memory";
  return "llama.cpp could not load it (an architecture or tokenizer this build does not know, or a damaged file)";
}

/**
 * Probes files at discovery with a runtime of its own, released afterwards (the provider starts
 * its own on first use). Without a runtime nothing can be served, and every file says so.
 */
export async function probeGgufFiles(filePaths: readonly string[], start: () => Promise<LlamaRuntime> = () => startRuntime(1)): Promise<GgufProbe[]> {
  if (filePaths.length === 0) return [];
  let runtime: LlamaRuntime;
  try {
    runtime = await start();
  } catch {
    return filePaths.map(() => ({ usable: false, reason: "the local model runtime (llama.cpp) could not be started" }));
  }
  try {
    const probes: GgufProbe[] = [];
    for (const filePath of filePaths) probes.push(await probeGgufFile(runtime, filePath));
    return probes;
  } finally {
    await runtime.llama.dispose().catch(() => {});
  }
}
