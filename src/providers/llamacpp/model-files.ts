import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fault, invalid } from "../../kernel/index.js";

const EXTENSION = ".gguf";
/** A plain file name: no separators, no leading dot (so no `..` and no hidden files), no NUL. */
const SAFE_NAME = /^[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,250}$/;

/** The request's model with its extension, checked to be a bare file name inside the model folder. */
export function modelFileName(model: string): string {
  if (!SAFE_NAME.test(model) || model.includes("..")) {
    throw invalid("modelId", "must name a model file in the model folder (letters, digits, '.', '_', '+', '-'; no paths)");
  }
  return model.toLowerCase().endsWith(EXTENSION) ? model : model + EXTENSION;
}

/**
 * Resolves the request's model to a path under `modelDir`. The path never leaves this adapter:
 * faults name the model as the caller wrote it, never the server's folders.
 */
export async function resolveModelPath(modelDir: string, model: string): Promise<{ key: string; filePath: string }> {
  const key = modelFileName(model);
  const filePath = path.join(modelDir, key);
  const info = await stat(filePath).catch(() => undefined);
  if (!info?.isFile()) throw fault("not-found", `model '${model}' was not found`, { resourceName: model });
  return { key, filePath };
}

/** A GGUF file found in a model folder; `skipped` says why it is not served, when it is not. */
export interface FoundGguf {
  readonly file: string;
  readonly upstreamModel: string;
  readonly bytes: number;
  readonly skipped?: string;
}

/**
 * Lists the GGUF files in `dir` so a deployment can serve `<data-dir>/models` without listing
 * each model in its configuration. A missing folder holds no models. Files are not opened here
 * (see probe.ts); a file whose name could not be requested safely is listed with the reason.
 */
export async function discoverGgufModels(dir: string): Promise<FoundGguf[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw fault("internal", "the model folder could not be read");
  });
  const found: FoundGguf[] = [];
  for (const entry of entries) {
    const file = entry.name;
    if (!file.toLowerCase().endsWith(EXTENSION)) continue;
    const upstreamModel = file.slice(0, -EXTENSION.length);
    if (!SAFE_NAME.test(file) || file.includes("..")) {
      found.push({ file, upstreamModel, bytes: 0, skipped: "its name is not a plain file name (letters, digits, '.', '_', '+', '-'; no leading dot)" });
      continue;
    }
    const info = await stat(path.join(dir, file)).catch(() => undefined);
    if (!info?.isFile()) continue;
    found.push({ file, upstreamModel, bytes: info.size });
  }
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
