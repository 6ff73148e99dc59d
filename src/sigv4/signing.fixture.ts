/**
 * Test support only (not exported from index.ts): signs requests with the real
 * @smithy/signature-v4 signer, the code inside the AWS SDKs, and turns them into the
 * IncomingSignedRequest the HTTP edge would build, so tests verify what clients really send.
 */
import { createHash } from "node:crypto";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { fixedClock, sensitive } from "../kernel/index.js";
import { NodeSha256 } from "./sha256.js";
import type { IncomingSignedRequest, VerifyOptions } from "./types.js";

export const ACCESS_KEY_ID = "AKIDPLINTHTEST0001";
export const SECRET_ACCESS_KEY = "plinthTestSecret/K7MDENG+bPxRfiCYEXAMPLEKEY";
export const SIGNED_AT = new Date("2026-11-24T10:00:00Z");
export const AUTHORITY = "127.0.0.1:8443";

export interface RequestSpec {
  method?: string;
  /** Wire form: already percent-encoded, as the SDK's serializer produces it. */
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  /** Sign ':authority' as the SDK does over HTTP/2, and send the h2 pseudo-headers. */
  http2?: boolean;
}

export interface SignOptions {
  signingDate?: Date;
  /** Presign with this X-Amz-Expires instead of signing the Authorization header. */
  presignExpires?: number;
  sessionToken?: string;
  service?: string;
  /** false: no x-amz-content-sha256 header, as botocore signs Bedrock requests. */
  applyChecksum?: boolean;
}

function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export async function signedRequest(spec: RequestSpec = {}, opts: SignOptions = {}): Promise<IncomingSignedRequest> {
  const method = spec.method ?? "POST";
  const path = spec.path ?? "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse";
  const body = spec.body ?? (method === "GET" ? "" : '{"messages":[]}');
  const hostHeader: Record<string, string> = spec.http2 ? { ":authority": AUTHORITY } : { host: AUTHORITY };
  const request = new HttpRequest({
    method, protocol: "https:", hostname: "127.0.0.1", port: 8443, path, query: { ...spec.query },
    headers: { ...hostHeader, ...(body ? { "content-type": "application/json" } : {}), ...spec.headers },
    body: body || undefined,
  });
  const signer = new SignatureV4({
    service: opts.service ?? "bedrock",
    region: "us-east-1",
    credentials: {
      accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY,
      ...(opts.sessionToken ? { sessionToken: opts.sessionToken } : {}),
    },
    sha256: NodeSha256,
    applyChecksum: opts.applyChecksum ?? true,
  });
  const signingDate = opts.signingDate ?? SIGNED_AT;
  const signed = opts.presignExpires === undefined
    ? await signer.sign(request, { signingDate })
    : await signer.presign(request, { signingDate, expiresIn: opts.presignExpires });
  const query = Object.entries(signed.query ?? {}).map(([k, v]) => `${encode(k)}=${encode(String(v))}`).join("&");
  const rawTarget = query ? `${path}?${query}` : path;
  const pseudo: [string, string][] = spec.http2 ? [[":method", method], [":path", rawTarget], [":scheme", "https"]] : [];
  return {
    method,
    rawTarget,
    headers: [...pseudo, ...Object.entries(signed.headers).map(([k, v]): [string, string] => [k, String(v)])],
    bodySha256: createHash("sha256").update(body).digest("hex"),
  };
}

/** Verifier options knowing the fixture key, with the clock at `now` (default: signing time). */
export function options(now: Date = SIGNED_AT, maxSkewSeconds = 300): VerifyOptions {
  return {
    clock: fixedClock(now),
    maxSkewSeconds,
    lookup: async (id) => (id === ACCESS_KEY_ID ? { secretAccessKey: sensitive(SECRET_ACCESS_KEY) } : undefined),
  };
}

export function withHeaders(req: IncomingSignedRequest, edit: (h: [string, string][]) => [string, string][]): IncomingSignedRequest {
  return { ...req, headers: edit(req.headers.map(([n, v]): [string, string] => [n, v])) };
}

/** Rewrites the Authorization header value. */
export function withAuthorization(req: IncomingSignedRequest, edit: (value: string) => string): IncomingSignedRequest {
  return withHeaders(req, (h) => h.map(([n, v]) => [n, n.toLowerCase() === "authorization" ? edit(v) : v]));
}

export function secondsAfter(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
