import { createHash, createHmac } from "node:crypto";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { SourceData } from "@smithy/types";
import type { RawRequest } from "./wire.js";

/**
 * Signs raw requests with @smithy/signature-v4, the signer inside the AWS SDKs, so the
 * robustness tests can send exactly the bytes they want and still carry a real signature
 * (or a deliberately wrong one: another region, service, date or body).
 */
export interface Signing {
  readonly url: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface SignOptions {
  readonly region?: string;
  readonly service?: string;
  readonly date?: Date;
  /** false: leave out x-amz-content-sha256 (as botocore signs Bedrock requests). */
  readonly applyChecksum?: boolean;
}

/** node:crypto behind the smithy Checksum interface (HMAC when a key is given). */
class NodeSha256 {
  #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  readonly #secret: string | Uint8Array | undefined;
  constructor(secret?: SourceData) {
    this.#secret = secret === undefined || typeof secret === "string" ? secret : bytes(secret);
    this.#hash = this.#fresh();
  }
  #fresh() { return this.#secret === undefined ? createHash("sha256") : createHmac("sha256", this.#secret); }
  update(data: SourceData): void { this.#hash.update(typeof data === "string" ? data : bytes(data)); }
  async digest(): Promise<Uint8Array> { return new Uint8Array(this.#hash.digest()); }
  reset(): void { this.#hash = this.#fresh(); }
}

function bytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

function signer(s: Signing, o: SignOptions): SignatureV4 {
  return new SignatureV4({
    service: o.service ?? "bedrock", region: o.region ?? s.region, credentials: s.credentials,
    sha256: NodeSha256, applyChecksum: o.applyChecksum ?? true,
  });
}

function smithyRequest(s: Signing, req: RawRequest): HttpRequest {
  const url = new URL(s.url);
  const mark = req.path.indexOf("?");
  const path = mark < 0 ? req.path : req.path.slice(0, mark);
  const query: Record<string, string> = {};
  if (mark >= 0) for (const [k, v] of new URLSearchParams(req.path.slice(mark + 1))) query[k] = v;
  return new HttpRequest({
    method: req.method, protocol: "https:", hostname: url.hostname, port: Number(url.port), path, query,
    headers: { host: url.host, ...req.headers }, body: req.body,
  });
}

/** The request with SigV4 headers added (host, x-amz-date, authorization, maybe x-amz-content-sha256). */
export async function sign(s: Signing, req: RawRequest, o: SignOptions = {}): Promise<RawRequest> {
  const signed = await signer(s, o).sign(smithyRequest(s, req), { signingDate: o.date ?? new Date() });
  return { ...req, headers: { ...signed.headers } };
}

/** A presigned path (path plus X-Amz-* query) for a body-less request. */
export async function presign(s: Signing, path: string, expiresIn: number, o: SignOptions = {}): Promise<string> {
  const signed = await signer(s, o).presign(smithyRequest(s, { method: "GET", path, headers: {} }), { expiresIn, signingDate: o.date ?? new Date() });
  const query = Object.entries(signed.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join("&");
  return `${signed.path}?${query}`;
}

/** A presigned request with a body (the body's hash is signed), as any SigV4 presigner makes it. */
export async function presignRequest(s: Signing, req: RawRequest, expiresIn: number, o: SignOptions = {}): Promise<RawRequest> {
  const signed = await signer(s, o).presign(smithyRequest(s, req), { expiresIn, signingDate: o.date ?? new Date() });
  const query = Object.entries(signed.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join("&");
  return { ...req, path: `${signed.path}?${query}`, headers: { ...signed.headers } };
}
