import fc from "fast-check";
import { formPairs, formText, jsonText, mutated } from "./fuzz-mutations.js";
import type { Json } from "./fuzz-mutations.js";

/**
 * What the fuzz test's requests are, and the mutations every surface shares: a valid request of
 * each operation (fuzz-bedrock.ts, fuzz-rpc.ts), mutated in its members (fuzz-mutations.ts) and
 * now and then in its bytes, content type, other headers, path label, operation name, method or
 * query. Content fields carry the canary. Each is signed after mutating (by the test), so it
 * reaches the decoder.
 */
export type WireProtocol = "restJson" | "awsQuery" | "awsJson" | "openai" | "anthropic";

export interface FuzzRequest {
  readonly surface: string;
  readonly op: string;
  readonly method: string;
  /** Still percent-encoded, query included. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  /** The SigV4 signing name. */
  readonly service: string;
  readonly h2: boolean;
}

export interface World {
  readonly canary: string;
  readonly region: string;
  readonly account: string;
  readonly models: { readonly llama: string; readonly claude: string; readonly mistral: string; readonly titanText: string; readonly titanEmbed: string; readonly cohereEmbed: string };
  readonly userArn: string;
  readonly roleArn: string;
  readonly iamPolicyArn: string;
  readonly rootId: string;
  readonly scpId: string;
}

/** How fast-check shows a request in a report: the operation and transport only (the failing one is described in full). */
export function labelled(req: FuzzRequest): FuzzRequest {
  return Object.defineProperty(req, fc.toStringMethod, { value: () => `${req.surface}/${req.op} ${req.method} ${req.h2 ? "h2" : "h1"}`, enumerable: false });
}

/** Which error shape an answer must have: RPC services and /openai/ answer in their own; everything else (bad path, method) is restJson. */
export function protocolOf(req: FuzzRequest): WireProtocol {
  // Everything under /openai/ answers in OpenAI's shape, a path no route matches included; but
  // node's HTTP/1.1 client sends a GET's (or DELETE's) body unframed, and the server's parser,
  // which answers that before any route is known, speaks restJson.
  if (req.path.startsWith("/openai/")) return !req.h2 && req.body.length > 0 && !["POST", "PUT", "PATCH"].includes(req.method) ? "restJson" : "openai";
  // The same for /anthropic/.
  if (req.path.startsWith("/anthropic/")) return !req.h2 && req.body.length > 0 && !["POST", "PUT", "PATCH"].includes(req.method) ? "restJson" : "anthropic";
  if (req.method !== "POST" || req.path.split("?")[0] !== "/") return "restJson";
  return req.service === "organizations" ? "awsJson" : req.service === "iam" || req.service === "sts" ? "awsQuery" : "restJson";
}

/** `usual` most of the time (weight to 1), now and then something odd. */
export const often = <T>(usual: T, odd: fc.Arbitrary<T>, weight = 10): fc.Arbitrary<T> =>
  fc.oneof({ weight, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: odd });

/** The body's bytes, now and then truncated, spliced with random bytes, replaced, or in UTF-16. */
export function bytesOf(text: string): fc.Arbitrary<Buffer> {
  const whole = Buffer.from(text);
  return fc.oneof(
    { weight: 16, arbitrary: fc.constant(whole) },
    { weight: 1, arbitrary: fc.nat().map((n) => whole.subarray(0, n % (whole.length + 1))) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, b]) => Buffer.concat([whole.subarray(0, at % (whole.length + 1)), b, whole.subarray(at % (whole.length + 1))])) },
    { weight: 1, arbitrary: fc.constantFrom("", "null", "[]", "{", "\ufeff{}", '{"a":1}{}', "\u0000", "Action=GetUser", "<xml/>").map((t) => Buffer.from(t)) },
    { weight: 1, arbitrary: fc.constant(Buffer.from(text, "utf16le")) },
  );
}

/** The content type the protocol wants, or now and then another (or none). */
export const contentType = (usual: string): fc.Arbitrary<Record<string, string>> => often<Record<string, string>>({ "content-type": usual }, fc.constantFrom<Record<string, string>>(
  {}, { "content-type": "text/plain" }, { "content-type": "application/json" }, { "content-type": "application/x-amz-json-1.0" },
  { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, { "content-type": "application/JSON;;" }, { "content-type": "" },
  { "content-type": "multipart/form-data; boundary=x" }, { "content-type": `${usual}; charset=utf-16` },
), 8);

export const methodFor = (usual: string): fc.Arbitrary<string> => often(usual, fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"), 20);
/** Half over HTTP/2 (the runtime client's default), half over HTTP/1.1. */
export const h2 = fc.boolean();

/** Rarely, a URL query of odd members (`?` included), lone surrogates percent-encoded as their bytes. */
export const oddQuery: fc.Arbitrary<string> = often("", mutated({ a: "1" }).map((q) => `?${formText(formPairs(q))}`), 12);

/** An IAM-style policy document of one statement. */
export const policyDocument = (statement: Json): Json => ({ Version: "2012-10-17", Statement: [statement] });

/** A policy document as the string member that carries it: as written, or mutated itself. */
export const documentText = (doc: Json): fc.Arbitrary<string> => fc.oneof({ weight: 2, arbitrary: fc.constant(jsonText(doc)) }, { weight: 1, arbitrary: mutated(doc).map(jsonText) });
