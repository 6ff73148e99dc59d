import { chmod, link, mkdir, rename, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CONFIG_DEFAULTS } from "../config/index.js";
import { download, sha256Of } from "./download.js";
import { DownloadError, checkScheme } from "./fetch-hop.js";
import { progress } from "./progress.js";
import type { ProgressSink } from "./progress.js";

export const MODELS_USAGE = `usage: plinth models pull URL [options]

  Downloads a GGUF model file into the data directory's model folder, where 'plinth start'
  finds it (restart plinth to serve it). A cut download resumes where it stopped: run the
  same command again.

  --sha256 HEX      the file's published sha256; a mismatch is refused and the download removed.
                    Without it, the sha256 the origin publishes is used (Hugging Face does);
                    with neither, the file is kept as <name>.part until you give one
  --no-verify       keep the file without a sha256 to check (its sha256 is printed)
  --name FILE       the file name to save as (default: the URL's last segment; must end in .gguf)
  --data-dir D      default ./data; the file goes to D/models
  --dir DIR         another folder (for instance $PLINTH_MODEL_DIR)
  --max-bytes N     refuse a larger file (default 20 GiB; suffixes K, M, G)
  --allow-http      allow plain http to another machine (https only otherwise)
  --retries N       attempts after a cut connection, each resuming (default 3)
`;

/** A bare file name, as the llama.cpp discovery accepts it. */
const SAFE_NAME = /^[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,250}\.gguf$/i;
const DEFAULT_MAX_BYTES = 20 * 1024 ** 3;

export interface ModelsIo {
  readonly out: (line: string) => void;
  readonly err: ProgressSink;
}

export async function modelsCommand(argv: readonly string[], io: ModelsIo): Promise<number> {
  const [chore, ...rest] = argv;
  if (chore !== "pull") {
    io.out(MODELS_USAGE);
    return chore === undefined || chore === "help" ? 0 : 2;
  }
  try {
    return await pull(rest, io);
  } catch (error) {
    const message = error instanceof DownloadError || error instanceof UsageError ? error.message : `${(error as Error).message ?? String(error)}`;
    io.err.write(`plinth models: ${message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

class UsageError extends Error {}

async function pull(argv: readonly string[], io: ModelsIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: {
    sha256: { type: "string" }, "no-verify": { type: "boolean" }, name: { type: "string" }, "data-dir": { type: "string" }, dir: { type: "string" },
    "max-bytes": { type: "string" }, "allow-http": { type: "boolean" }, retries: { type: "string" } } });
  const source = positionals[0];
  if (source === undefined || positionals.length > 1) throw new UsageError(`give one URL\n\n${MODELS_USAGE}`);
  const url = parseUrl(source);
  const allowHttp = values["allow-http"] ?? false;
  checkScheme(url, allowHttp);
  const expected = values.sha256?.toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) throw new UsageError("--sha256 must be 64 hexadecimal digits");
  const name = values.name ?? decodeURIComponent(url.pathname.split("/").pop() ?? "");
  if (!SAFE_NAME.test(name) || name.includes("..")) {
    throw new UsageError(`'${name}' is not a usable model file name: give --name FILE.gguf (letters, digits, '.', '_', '+', '-')`);
  }
  const dir = await modelFolder(values["data-dir"], values.dir);
  const target = join(dir, name);
  const part = `${target}.part`;

  if (await exists(target)) return alreadyThere(target, expected, io);
  const shown = progress(io.err);
  const got = await download({
    url, part, allowHttp, maxBytes: byteCount(values["max-bytes"]) ?? DEFAULT_MAX_BYTES, retries: count(values.retries, "--retries") ?? 3,
    progress: (received, total) => shown.update(received, total),
  });
  shown.done();
  if (got.resumedFrom > 0) io.out(`resumed from ${got.resumedFrom} bytes already in ${part}`);

  for (const [want, said] of [[expected, "--sha256"], [got.publishedSha256, "the sha256 the server publishes"]] as const) {
    if (want !== undefined && want !== got.sha256) {
      // Ours to remove: a wrong file must not be resumed into, and nothing of the user's is touched.
      await rm(part, { force: true });
      io.err.write(`plinth models: sha256 mismatch: ${said} is ${want}, the file's is ${got.sha256}; the download was removed, nothing was installed\n`);
      return 1;
    }
  }
  const checkedBy = expected !== undefined ? "--sha256" : got.publishedSha256 !== undefined ? "the sha256 the server publishes" : undefined;
  if (checkedBy === undefined && !values["no-verify"]) {
    io.err.write(`plinth models: no sha256 to check ${name} against (the server publishes none): run again with --sha256 <the publisher's>, or --no-verify; the file stays in ${part} meanwhile (its sha256 is ${got.sha256})\n`);
    return 1;
  }
  await install(part, target);
  io.out(`saved ${target} (${got.bytes} bytes, sha256 ${got.sha256}, ${checkedBy === undefined ? "NOT verified (--no-verify)" : `checked against ${checkedBy}`})`);
  io.out(`restart plinth to serve it: it lists the GGUF files in ${dir} at start, this one as local.${name.slice(0, -".gguf".length)}`);
  return 0;
}

/** The data directory's model folder (created private, like the data directory) or the one named. */
async function modelFolder(dataDir: string | undefined, dir: string | undefined): Promise<string> {
  if (dir !== undefined) {
    await mkdir(resolve(dir), { recursive: true, mode: 0o700 });
    return resolve(dir);
  }
  const data = resolve(dataDir ?? CONFIG_DEFAULTS.dataDir);
  await mkdir(data, { recursive: true, mode: 0o700 });
  const models = join(data, CONFIG_DEFAULTS.modelsSubdir);
  await mkdir(models, { recursive: true, mode: 0o700 });
  return models;
}

/** An existing file is never replaced: plinth may be serving it, and it may be the only copy. */
async function alreadyThere(target: string, expected: string | undefined, io: ModelsIo): Promise<number> {
  if (expected !== undefined && (await sha256Of(target)) === expected) {
    io.out(`${target} is already there, with that sha256`);
    return 0;
  }
  io.err.write(`plinth models: ${target} already exists${expected === undefined ? "" : " with another sha256"}; it was left as it is (remove it, or give --name)\n`);
  return 1;
}

/**
 * Into place in one step, never over a file that appeared meanwhile: link() fails when the name
 * is taken, where rename() would replace it. Mode 0600, as everything in the data directory.
 */
async function install(part: string, target: string): Promise<void> {
  await chmod(part, 0o600);
  try {
    await link(part, target);
    await rm(part);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new DownloadError(`${target} appeared while downloading; it was left as it is, and the download stays in ${part}`);
    // A file system without hard links: the check and the rename are then two steps.
    if (await exists(target)) throw new DownloadError(`${target} already exists; the download stays in ${part}`);
    await rename(part, target);
  }
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    // No table of named models ships yet: a name would need a sha256 someone verified.
    throw new UsageError(`'${text}' is not a URL: give the https URL of a GGUF file (plinth has no built-in model names)`);
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

function byteCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)([KMG]?)i?B?$/i.exec(text.trim());
  if (!m) throw new UsageError("--max-bytes must be a number of bytes, optionally with K, M or G");
  return Number(m[1]) * 1024 ** " KMG".indexOf((m[2] || " ").toUpperCase());
}

function count(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 100) throw new UsageError(`${flag} must be an integer from 0 to 100`);
  return n;
}
