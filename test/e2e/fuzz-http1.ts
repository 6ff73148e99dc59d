import fc from "fast-check";

/**
 * Malformed HTTP/1.1 for the fuzz test: a valid request's bytes (a signed Converse, an unsigned
 * health check) with its framing broken: bytes inserted, removed or repeated, lines doubled,
 * odd Content-Length and Transfer-Encoding, other methods and versions, a cut-off end. Each
 * asks the server to close afterwards, so an answer is complete when the socket closes.
 */
const INSERTS = ["\0", "\r", "\n", " ", ":", "\t", "\x7f", "\x80", "\xff", "\r\n", "\r\n\r\n", "%", "?", "#", "\\", "\u00e9"];

type Edit =
  | { readonly kind: "insert"; readonly at: number; readonly text: string }
  | { readonly kind: "delete"; readonly at: number; readonly length: number }
  | { readonly kind: "repeat-line"; readonly at: number }
  | { readonly kind: "header"; readonly line: string }
  | { readonly kind: "request-line"; readonly line: string }
  | { readonly kind: "truncate"; readonly at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...INSERTS), fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 4 })) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("repeat-line" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("header" as const), line: fc.constantFrom(
    "Content-Length: -1", "Content-Length: abc", "Content-Length: 99999999999999999999", "Content-Length: 1, 2", "Content-Length: 0",
    "Transfer-Encoding: chunked", "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: chunked, identity", "Expect: 100-continue",
    "Host:", "Host: a, b", `X-Long: ${"a".repeat(20_000)}`, "Upgrade: h2c", "Connection: upgrade", ": empty-name", "X-\u00e9: 1",
  ) }),
  fc.record({ kind: fc.constant("request-line" as const), line: fc.constantFrom(
    "GET /health HTTP/1.0", "GET /health HTTP/2.0", "GET /health HTTP/1.1 extra", "get /health HTTP/1.1", "GET health HTTP/1.1",
    "GET http://x/health HTTP/1.1", "CONNECT localhost:1 HTTP/1.1", "OPTIONS * HTTP/1.1", "POST /model/x/converse", "GET /%ED%A0%80 HTTP/1.1",
    `GET /${"a".repeat(70_000)} HTTP/1.1`, "PRI * HTTP/2.0",
  ) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

function applyEdit(bytes: string, e: Edit): string {
  const at = (n: number) => n % (bytes.length + 1);
  const headEnd = bytes.indexOf("\r\n\r\n");
  switch (e.kind) {
    case "insert": return bytes.slice(0, at(e.at)) + e.text + bytes.slice(at(e.at));
    case "delete": return bytes.slice(0, at(e.at)) + bytes.slice(at(e.at) + e.length);
    case "truncate": return bytes.slice(0, at(e.at));
    case "repeat-line": {
      const lines = bytes.split("\r\n");
      const i = e.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join("\r\n");
    }
    case "header": return headEnd < 0 ? bytes : `${bytes.slice(0, headEnd)}\r\n${e.line}${bytes.slice(headEnd)}`;
    case "request-line": { const eol = bytes.indexOf("\r\n"); return e.line + (eol < 0 ? "\r\n\r\n" : bytes.slice(eol)); }
  }
}

/** Raw request texts (latin1: one character per byte), each `templates` entry broken by one to three edits. */
export function malformedHttp1(templates: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...templates), fc.array(edit, { minLength: 1, maxLength: 3 })).map(([t, edits]) => edits.reduce(applyEdit, t));
}

/** The request text of a signed or unsigned request, asking the server to close after answering. */
export function requestText(method: string, path: string, headers: Record<string, string | string[]>, body = ""): string {
  const lines = Object.entries(headers).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${x}`));
  return `${method} ${path} HTTP/1.1\r\n${[...lines, `Content-Length: ${Buffer.byteLength(body)}`, "Connection: close"].join("\r\n")}\r\n\r\n${body}`;
}
