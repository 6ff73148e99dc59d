import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/**
 * A loopback file server shaped like Hugging Face's: byte ranges, a redirect to a "CDN" path
 * carrying `X-Linked-Etag`, and the ways a download goes wrong on purpose (a connection cut
 * after some bytes, a page that is not a GGUF, a redirect loop, a server ignoring Range).
 *
 *   /files/NAME            the file, with Range
 *   /resolve/NAME          302 to /files/NAME, X-Linked-Etag: "<sha256 given to the server>"
 *   /cut/NAME              like /files, but the first `cuts` answers stop after `cutAfter` bytes
 *   /norange/NAME          the whole file every time
 *   /stall/NAME            `cutAfter` bytes, then nothing, the connection held open
 *   /loop                  302 to itself
 *   /page.gguf             an HTML page
 */
export interface ModelServer {
  readonly url: string;
  /** The Range header of each request, in order ("" for none). */
  readonly ranges: string[];
  readonly paths: string[];
  close(): Promise<void>;
}

export interface ModelServerOptions {
  readonly dir: string;
  readonly linkedSha256?: Record<string, string>;
  readonly cuts?: number;
  readonly cutAfter?: number;
}

export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const ranges: string[] = [];
  const paths: string[] = [];
  let cutsLeft = options.cuts ?? 0;
  const server: Server = createServer((req, res) => {
    ranges.push(req.headers.range ?? "");
    paths.push(req.url ?? "");
    void handle(req, res).catch(() => res.destroy());
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [, kind, name] = /^\/([a-z]+)\/?([^/?]*)/.exec(req.url ?? "") ?? [];
    if (kind === "loop") return void res.writeHead(302, { location: "/loop" }).end();
    if (req.url === "/page.gguf") return void res.writeHead(200, { "content-type": "text/html" }).end("<html><body>Sign in to download</body></html>");
    if (kind === "resolve") {
      const sha = options.linkedSha256?.[name!];
      return void res.writeHead(302, { location: `/files/${name}`, ...(sha ? { "x-linked-etag": `"${sha}"` } : {}) }).end();
    }
    const file = join(options.dir, name ?? "");
    const size = (await stat(file).catch(() => undefined))?.size;
    if (size === undefined || !["files", "cut", "norange", "stall"].includes(kind ?? "")) return void res.writeHead(404).end();
    const range = kind === "norange" ? undefined : /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    if (start >= size && range) return void res.writeHead(416, { "content-range": `bytes */${size}` }).end();
    res.writeHead(range ? 206 : 200, {
      "content-length": String(size - start), "accept-ranges": "bytes",
      ...(range ? { "content-range": `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    if (kind === "stall") return void res.write((await readFile(file)).subarray(start, start + (options.cutAfter ?? 1)));
    const cut = kind === "cut" && cutsLeft > 0;
    if (!cut) return void createReadStream(file, { start }).pipe(res);
    cutsLeft--;
    // Cut: the first bytes, flushed, then the connection closed short of the length it promised.
    const head = (await readFile(file)).subarray(start, Math.min(start + (options.cutAfter ?? 1), size));
    res.write(head, () => res.socket?.end());
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, ranges, paths,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
