import { createHash, createHmac } from "node:crypto";
import type { Hash as NodeHash, Hmac } from "node:crypto";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { SourceData } from "@smithy/types";

/**
 * One Converse request signed with SigV4 the way the AWS SDK signs it (double-encoded path,
 * signed x-amz-content-sha256), for replay by the load generator. A header signature is good for
 * five minutes either side of its date and plinth keeps no nonce, so one signature serves a run.
 */
export interface SignedRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** SHA-256 / HMAC-SHA-256 from node:crypto in the shape smithy's signer takes. */
class NodeSha256 {
  readonly #hash: NodeHash | Hmac;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest();
  }
}

function toBytes(data: SourceData): Uint8Array {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

export interface SignOptions {
  readonly url: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly modelId: string;
  readonly operation: "converse" | "converse-stream";
  readonly body: string;
}

export async function signConverse(o: SignOptions): Promise<SignedRequest> {
  return signPost({ ...o, path: `/model/${encodeURIComponent(o.modelId)}/${o.operation}` });
}

/** Any JSON POST to plinth signed for `bedrock` (the OpenAI-compatible chat route, say). */
export async function signPost(o: Omit<SignOptions, "modelId" | "operation"> & { readonly path: string }): Promise<SignedRequest> {
  const target = new URL(o.url);
  const path = o.path;
  const request = new HttpRequest({
    method: "POST",
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path,
    headers: {
      host: target.host,
      "content-type": "application/json",
      accept: "application/json",
      "x-amz-content-sha256": createHash("sha256").update(o.body).digest("hex"),
    },
    body: o.body,
  });
  const signer = new SignatureV4({ credentials: o.credentials, region: o.region, service: "bedrock", sha256: NodeSha256, uriEscapePath: true });
  const signed = await signer.sign(request);
  return { path, headers: { ...(signed.headers as Record<string, string>) }, body: o.body };
}

/** The Converse body every plinth scenario sends: one short user turn, as chatBody() upstream. */
export function converseBody(): string {
  return JSON.stringify({
    messages: [{ role: "user", content: [{ text: "Say hello." }] }],
    inferenceConfig: { maxTokens: 64 },
  });
}

/** The same turn as converseBody(), as an OpenAI chat completion request (/openai/v1/chat/completions). */
export function openAiChatBody(modelId: string): string {
  return JSON.stringify({ model: modelId, messages: [{ role: "user", content: "Say hello." }], max_completion_tokens: 64 });
}
