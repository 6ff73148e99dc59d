/**
 * Test support only: Bedrock short-term API keys made the way AWS's token generators make them
 * (aws-bedrock-token-generator-js and -python): the real @smithy/signature-v4 signer presigns
 * `POST https://bedrock.amazonaws.com/?Action=CallWithBearerToken` for service `bedrock` with
 * X-Amz-Expires 43200; the URL, without its scheme and with `&Version=1` appended, is base64
 * encoded behind `bedrock-api-key-`. Options bend one thing at a time for the tests.
 */
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "../sigv4/sha256.js";

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface ShortTermKeyOptions {
  readonly signingDate?: Date;
  readonly expiresIn?: number;
  /** The JS generator's query order (sorted) by default; "signature-last" is botocore's. */
  readonly order?: "sorted" | "signature-last";
  readonly host?: string;
  readonly action?: string;
}

/** RFC 3986 percent-encoding, as the SDKs write a presigned URL's query. */
const escape = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The presigned URL, scheme dropped, as the generators format it (before `&Version=1`). */
export async function presignedCall(credentials: SigningCredentials, region: string, options: ShortTermKeyOptions = {}): Promise<string> {
  const host = options.host ?? "bedrock.amazonaws.com";
  const signer = new SignatureV4({ service: "bedrock", region, credentials, sha256: NodeSha256 });
  const request = new HttpRequest({
    method: "POST", protocol: "https", hostname: host, headers: { host }, path: "/", query: { Action: options.action ?? "CallWithBearerToken" },
  });
  const presigned = await signer.presign(request, { expiresIn: options.expiresIn ?? 43_200, signingDate: options.signingDate ?? new Date() });
  const query = Object.entries(presigned.query ?? {}).map(([k, v]) => [k, String(v)] as const);
  const ordered = options.order === "signature-last"
    ? [...query.filter(([k]) => k !== "X-Amz-Signature"), ...query.filter(([k]) => k === "X-Amz-Signature")]
    : [...query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${host}/?${ordered.map(([k, v]) => `${escape(k)}=${escape(v)}`).join("&")}`;
}

/** A finished key from a URL (possibly altered by a test). */
export const keyFromCall = (call: string, version = "&Version=1"): string =>
  `bedrock-api-key-${Buffer.from(call + version, "utf8").toString("base64")}`;

export async function shortTermKey(credentials: SigningCredentials, region: string, options: ShortTermKeyOptions = {}): Promise<string> {
  return keyFromCall(await presignedCall(credentials, region, options));
}
