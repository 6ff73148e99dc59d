import { request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * One GET that follows redirects itself, so each hop is checked (https, or plain http only to
 * this machine or with the operator's opt-in) and counted, and a Range survives the hop to the
 * CDN. Node's fetch would follow them unseen.
 */
export interface HopOptions {
  readonly allowHttp: boolean;
  readonly maxRedirects: number;
  readonly headers: Record<string, string>;
  /** Socket inactivity before the transfer counts as cut. */
  readonly idleTimeoutMs: number;
}

export interface Answer {
  readonly response: IncomingMessage;
  readonly url: URL;
  /** The sha256 the origin publishes for the file (Hugging Face's `X-Linked-Etag`), from any hop. */
  readonly publishedSha256?: string;
}

export class DownloadError extends Error {
  /** Worth another attempt from where the file stops (a cut connection, a 5xx). */
  readonly retryable: boolean;
  constructor(message: string, retryable = false) {
    super(message);
    this.retryable = retryable;
  }
}

export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Refuses a URL plinth will not fetch from; the URL itself is the operator's, so it may be named. */
export function checkScheme(url: URL, allowHttp: boolean): void {
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && (allowHttp || isLoopback(url))) return;
  if (url.protocol === "http:") throw new DownloadError(`refusing plain http to ${url.host}: a model file can be swapped in transit (use https, or --allow-http on a network you trust)`);
  throw new DownloadError(`unsupported URL scheme '${url.protocol}' (https only)`);
}

export async function get(start: URL, options: HopOptions): Promise<Answer> {
  let url = start;
  let published: string | undefined;
  for (let hop = 0; ; hop++) {
    checkScheme(url, options.allowHttp);
    const response = await once(url, options);
    published ??= linkedSha256(response);
    const location = response.headers.location;
    if (response.statusCode !== undefined && response.statusCode >= 300 && response.statusCode < 400 && location !== undefined) {
      response.resume();
      if (hop >= options.maxRedirects) throw new DownloadError(`more than ${options.maxRedirects} redirects`);
      url = new URL(location, url);
      continue;
    }
    return { response, url, ...(published === undefined ? {} : { publishedSha256: published }) };
  }
}

function once(url: URL, options: HopOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, { method: "GET", headers: options.headers, timeout: options.idleTimeoutMs }, resolve);
    req.on("timeout", () => req.destroy(new DownloadError(`no answer from ${url.host} for ${options.idleTimeoutMs / 1000} s`, true)));
    req.on("error", (error: NodeJS.ErrnoException) => {
      reject(error instanceof DownloadError ? error : new DownloadError(`cannot reach ${url.host}: ${error.code ?? error.message}`, true));
    });
    req.end();
  });
}

function linkedSha256(response: IncomingMessage): string | undefined {
  const header = response.headers["x-linked-etag"];
  const value = (Array.isArray(header) ? header[0] : header)?.replace(/^W\//, "").replace(/"/g, "").toLowerCase();
  return value !== undefined && /^[0-9a-f]{64}$/.test(value) ? value : undefined;
}
