import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4Base, getCanonicalHeaders } from "@smithy/signature-v4";
import { canonicalRequest } from "./canonical.js";
import type { SignedParts } from "./parse.js";
import { NodeSha256 } from "./sha256.js";
import { decodeQuery, indexHeaders } from "./wire.js";
import type { HeaderList } from "./wire.js";

/** The AWS SDK's own canonicalisation, reached through SignatureV4Base's protected method. */
class SdkForm extends SignatureV4Base {
  constructor() {
    super({ service: "s", region: "r", credentials: { accessKeyId: "a", secretAccessKey: "b" }, sha256: NodeSha256, uriEscapePath: true });
  }
  build(request: HttpRequest, headers: Record<string, string>, payload: string): string {
    return this.createCanonicalRequest(request, headers, payload);
  }
}

/** What the SDK computes for the same request, headers joined as the verifier joins them. */
function sdkCanonical(method: string, rawTarget: string, headers: HeaderList, signed: string[], payload: string): string {
  const [path = "", rawQuery = ""] = rawTarget.split(/\?(.*)/s);
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of decodeQuery(rawQuery)) {
    const prior = query[name];
    query[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  const bag: Record<string, string> = {};
  for (const name of signed) {
    const source = name === "host" && !headers.some(([n]) => n.toLowerCase() === "host") ? ":authority" : name;
    bag[name] = headers.filter(([n]) => n.toLowerCase() === source).map(([, v]) => v.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "")).join(",");
  }
  const canonicalHeaders = getCanonicalHeaders(new HttpRequest({ headers: bag }), undefined, new Set(signed)) as Record<string, string>;
  return new SdkForm().build(new HttpRequest({ method, path, query, headers: {} }), canonicalHeaders, payload);
}

function ours(method: string, rawTarget: string, headers: HeaderList, signed: string[], payload: string): string {
  const mark = rawTarget.indexOf("?");
  const parts = {
    path: mark < 0 ? rawTarget : rawTarget.slice(0, mark),
    query: decodeQuery(mark < 0 ? "" : rawTarget.slice(mark + 1)),
    signedHeaders: signed,
  } as unknown as SignedParts;
  return canonicalRequest(method, indexHeaders(headers), parts, payload);
}

const PAYLOAD = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("canonical request, written out, equals the AWS SDK's", () => {
  const cases: { name: string; method?: string; target: string; headers: HeaderList; signed: string[] }[] = [
    { name: "an encoded model id in the path is encoded again", target: "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", headers: [["Host", "h"], ["X-Amz-Date", "20261124T100000Z"]], signed: ["host", "x-amz-date"] },
    { name: "dot segments, empty segments and a trailing slash", target: "/a/./b//../c/%2E/d/", headers: [["host", "h"]], signed: ["host"] },
    { name: "a path of dots only", target: "/../..", headers: [["host", "h"]], signed: ["host"] },
    { name: "characters encodeURIComponent leaves alone", target: "/it's(*)!~", headers: [["host", "h"]], signed: ["host"] },
    { name: "query sorted by name, repeated names by value, the signature left out", target: "/?b=2&a=z&a=y&A=1&X-Amz-Signature=00&x-amz-signature=11&a-b=3&flag&=v", headers: [["host", "h"]], signed: ["host"] },
    { name: "query values re-encoded whatever the wire spelling", target: "/?k=%7e%20+%2b&%C3%A9=%E2%82%AC", headers: [["host", "h"]], signed: ["host"] },
    { name: "repeated headers joined in order; whitespace trimmed and collapsed", target: "/", headers: [["host", "h"], ["My-Header", "  a   b  "], ["my-header", "\tc\r\n  d "], ["x-empty", ""]], signed: ["host", "my-header", "x-empty"] },
    { name: "signed headers out of order, one absent", method: "PUT", target: "/x", headers: [["host", "h"], ["zz", "1"], ["aa", "2"]], signed: ["zz", "host", "absent", "aa"] },
    { name: "HTTP/2: the host is the authority", target: "/x", headers: [[":authority", "127.0.0.1:8443"], [":method", "POST"]], signed: [":authority", "host"] },
    { name: "header names that are also Object properties", target: "/", headers: [["host", "h"], ["constructor", "c"], ["toString", "t"]], signed: ["constructor", "host", "tostring"] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const method = c.method ?? "POST";
      assert.equal(ours(method, c.target, c.headers, c.signed, PAYLOAD), sdkCanonical(method, c.target, c.headers, c.signed, PAYLOAD));
    });
  }
});
