import { createHash } from "node:crypto";
import { sortStrings } from "../kernel/index.js";
import { SCOPE_TERMINATOR } from "./credential.js";
import { ALGORITHM } from "./names.js";
import type { SignedParts } from "./parse.js";
import type { HeaderIndex } from "./wire.js";

/**
 * The canonical request and string to sign, written out directly: the same rules as the AWS SDK's
 * signer (@smithy/signature-v4, which canonical.test.ts checks this against), without its
 * HttpRequest objects, promises and header maps on every request. Rules of every AWS service
 * but S3: the path is normalised, then percent-encoded again; the query is decoded, re-encoded
 * with RFC 3986 rules and sorted; header values are trimmed with inner whitespace collapsed.
 */
/** encodeURIComponent plus the four characters RFC 3986 reserves that it leaves alone. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Empty and '.' segments dropped, '..' removes the one before, then the result encoded again. */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith("/") ? "/" : "";
  return escapeUri(`/${segments.join("/")}${trailing}`).replace(/%2F/g, "/");
}

/**
 * Sorted by encoded name; a repeated name's `name=value` pairs sorted among themselves.
 * X-Amz-Signature (any case) is what is being verified, so it is left out.
 */
function canonicalQuery(query: SignedParts["query"]): string {
  if (query.length === 0) return "";
  const byName = new Map<string, string[]>();
  for (const [name, value] of query) {
    if (name.toLowerCase() === "x-amz-signature") continue;
    const encoded = escapeUri(name);
    const pair = `${encoded}=${escapeUri(value)}`;
    const pairs = byName.get(encoded);
    if (pairs) pairs.push(pair);
    else byName.set(encoded, [pair]);
  }
  const out: string[] = [];
  for (const name of [...byName.keys()].sort()) out.push(...byName.get(name)!.sort());
  return out.join("&");
}

/**
 * A signed header's canonical value, from the raw list: repeated headers are joined with a bare
 * ',' in arrival order (Node's req.headers would join with ', '), each value trimmed first;
 * then line breaks become spaces, runs of spaces and tabs collapse to one, and one space at
 * either end goes. A signed header that is absent canonicalises as empty, so the signature
 * simply fails to match.
 */
function canonicalValue(headers: HeaderIndex, name: string): string {
  // Over HTTP/2 the host travels as ':authority' (RFC 9113 §8.3.1). A URL presigned with
  // `host` and fetched over HTTP/2 has no Host header: its host is the authority.
  const values = headers.get(name) ?? (name === "host" ? headers.get(":authority") : undefined);
  if (values === undefined) return "";
  const joined = values.length === 1 ? values[0]!.replace(EDGES, "") : values.map((v) => v.replace(EDGES, "")).join(",");
  return joined.replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").replace(/^ | $/g, "");
}

const EDGES = /^[ \t\r\n]+|[ \t\r\n]+$/g;

/**
 * The canonical request. The payload line is always the hash of the body the server read,
 * never the client's x-amz-content-sha256 claim, for presigned URLs too.
 */
export function canonicalRequest(method: string, headers: HeaderIndex, parts: SignedParts, bodySha256: string): string {
  const names = sortStrings([...parts.signedHeaders]);
  let lines = "";
  for (const name of names) lines += `${name}:${canonicalValue(headers, name)}\n`;
  return `${method}\n${canonicalPath(parts.path)}\n${canonicalQuery(parts.query)}\n${lines}\n${names.join(";")}\n${bodySha256}`;
}

export function stringToSign(parts: SignedParts, canonical: string): string {
  const { date, region, service } = parts.scope;
  const hash = createHash("sha256").update(canonical, "utf8").digest("hex");
  return `${ALGORITHM}\n${parts.amzDate}\n${date}/${region}/${service}/${SCOPE_TERMINATOR}\n${hash}`;
}
