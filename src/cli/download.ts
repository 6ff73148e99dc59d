import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rm, stat } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { DownloadError, get } from "./fetch-hop.js";

/**
 * A resumable transfer of one GGUF file into `part`: what arrived stays there across cut
 * connections and runs, and the next attempt asks only for the rest (HTTP Range). The caller
 * checks the sha256 and moves the file into place.
 */
export interface DownloadOptions {
  readonly url: URL;
  readonly part: string;
  readonly maxBytes: number;
  readonly allowHttp: boolean;
  /** Further attempts after a cut connection or a 5xx, each resuming. */
  readonly retries: number;
  readonly maxRedirects?: number;
  readonly idleTimeoutMs?: number;
  readonly progress?: (received: number, total: number | undefined) => void;
}

export interface Downloaded {
  readonly bytes: number;
  readonly sha256: string;
  readonly publishedSha256?: string;
  /** Bytes that were already in the `.part` file when this run began. */
  readonly resumedFrom: number;
}

const MAGIC = Buffer.from("GGUF");

export async function download(options: DownloadOptions): Promise<Downloaded> {
  const resumedFrom = await partSize(options.part);
  let published: string | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      const done = await attemptOnce(options);
      published ??= done.publishedSha256;
      break;
    } catch (error) {
      if (!(error instanceof DownloadError) || !error.retryable || attempt >= options.retries) throw error;
    }
  }
  const bytes = await partSize(options.part);
  return { bytes, sha256: await sha256Of(options.part), resumedFrom, ...(published === undefined ? {} : { publishedSha256: published }) };
}

async function attemptOnce(options: DownloadOptions): Promise<{ publishedSha256?: string }> {
  let offset = await partSize(options.part);
  if (offset > 0 && !(await startsWithMagic(options.part))) {
    // Our own leftover, and not a GGUF: nothing to resume from.
    await rm(options.part, { force: true });
    offset = 0;
  }
  const headers: Record<string, string> = { "user-agent": "plinth-models-pull", "accept-encoding": "identity" };
  if (offset > 0) headers["range"] = `bytes=${offset}-`;
  const { response, publishedSha256 } = await get(options.url, { allowHttp: options.allowHttp, maxRedirects: options.maxRedirects ?? 5, headers, idleTimeoutMs: options.idleTimeoutMs ?? 30_000 });
  const status = response.statusCode ?? 0;
  const total = totalSize(response, offset);
  if (status === 416 && offset > 0 && total === offset) {
    response.resume();
    return publishedSha256 === undefined ? {} : { publishedSha256 };
  }
  if (status !== 200 && status !== 206) {
    response.resume();
    // A range past the end: the leftover is not a prefix of this file; start over.
    if (status === 416) await rm(options.part, { force: true });
    throw new DownloadError(`the server answered ${status} ${response.statusMessage ?? ""}`.trim(), status >= 500 || status === 416);
  }
  if (status === 200) offset = 0; // Range ignored: the whole file comes again.
  else if (contentRangeStart(response) !== offset) {
    response.resume();
    throw new DownloadError("the server resumed at a different offset than asked");
  }
  if (total !== undefined && total > options.maxBytes) {
    response.resume();
    await rm(options.part, { force: true });
    throw new DownloadError(`the file is ${total} bytes, over the limit of ${options.maxBytes} (--max-bytes)`);
  }
  const file = await open(options.part, offset === 0 ? "w" : "a", 0o600);
  try {
    await receive(response, file, offset, total, options);
    await file.sync();
  } finally {
    await file.close();
  }
  return publishedSha256 === undefined ? {} : { publishedSha256 };
}

/** Writes the body after `offset`, checking the magic and the byte limit as it arrives. */
async function receive(response: IncomingMessage, file: FileHandle, offset: number, total: number | undefined, options: DownloadOptions): Promise<void> {
  let received = offset;
  let head = Buffer.alloc(0);
  options.progress?.(received, total);
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      if (received < MAGIC.length) {
        head = Buffer.concat([head, chunk]).subarray(0, MAGIC.length);
        if (!MAGIC.subarray(0, head.length).equals(head)) throw new DownloadError("not a GGUF file (its first bytes are not 'GGUF'); nothing was kept");
      }
      received += chunk.length;
      if (received > options.maxBytes) throw new DownloadError(`the file is over the limit of ${options.maxBytes} bytes (--max-bytes); nothing was kept`);
      await file.write(chunk);
      options.progress?.(received, total);
    }
  } catch (error) {
    response.destroy();
    // Refusals (not a GGUF, too large) leave nothing; a stall or a cut keeps what arrived.
    if (error instanceof DownloadError && !error.retryable) {
      await rm(options.part, { force: true });
      throw error;
    }
    throw cut(received, total);
  }
  if ((total !== undefined && received < total) || !response.complete) throw cut(received, total);
}

function cut(received: number, total: number | undefined): DownloadError {
  return new DownloadError(`the connection was cut after ${received}${total === undefined ? "" : ` of ${total}`} bytes; run the same command again to resume`, true);
}

/** The whole file's size: from `Content-Range: bytes a-b/N` (or `*\/N` on a 416), else offset + Content-Length. */
function totalSize(response: IncomingMessage, offset: number): number | undefined {
  const range = /\/(\d+)\s*$/.exec(response.headers["content-range"] ?? "");
  if (range) return Number(range[1]);
  const length = response.headers["content-length"];
  if (length === undefined || response.statusCode !== 200) return response.statusCode === 206 && length !== undefined ? offset + Number(length) : undefined;
  return Number(length);
}

function contentRangeStart(response: IncomingMessage): number | undefined {
  const m = /^bytes (\d+)-/.exec(response.headers["content-range"] ?? "");
  return m ? Number(m[1]) : undefined;
}

async function partSize(part: string): Promise<number> {
  return (await stat(part).catch(() => undefined))?.size ?? 0;
}

async function startsWithMagic(path: string): Promise<boolean> {
  const file = await open(path, "r");
  try {
    const head = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await file.read(head, 0, MAGIC.length, 0);
    return bytesRead === MAGIC.length && head.equals(MAGIC);
  } finally {
    await file.close();
  }
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
