import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { accessLine, accessLines, startStack } from "./stack.js";
import type { Stack } from "./stack.js";
import { assertPlainRefusal, assertRefusal } from "./refusal.js";
import type { Expected } from "./refusal.js";
import { sign } from "./sign.js";
import { h1, h2, parseRaw, rawH1 } from "./wire.js";
import type { RawRequest } from "./wire.js";

/**
 * No input, however malformed, gets a 500 or a stack trace: every row below is refused with a
 * 4xx carrying an AWS error name and a JSON message, over HTTP/1.1 and HTTP/2, and the server is
 * still healthy afterwards. Bodies are signed correctly so they reach the decoder.
 */
const LLAMA = "meta.llama3-1-8b-instruct-v1:0";
const CONVERSE = `/model/${encodeURIComponent(LLAMA)}/converse`;
const INVOKE = `/model/${encodeURIComponent(LLAMA)}/invoke`;
const JSON_CT = { "content-type": "application/json" };
const nest = (depth: number, open: string, close: string, inner = "1") => open.repeat(depth) + inner + close.repeat(depth);
const chat = (extra: string) => `{"messages":[{"role":"user","content":[{"text":"hi"}]}]${extra}}`;

interface Row { readonly name: string; readonly req: () => Promise<RawRequest>; readonly expect?: Expected; readonly h1Only?: boolean }

describe("malformed requests are refused cleanly", () => {
  let stack: Stack;
  before(async () => { stack = await startStack({ models: [{ modelId: LLAMA, via: "openai", upstreamModel: "chat-model", providerName: "Meta" }] }); });
  after(async () => { await stack?.stop(); });
  const signed = (req: RawRequest, o: Parameters<typeof sign>[2] = {}) => sign(stack.server, req, o);
  const post = (body: string | Uint8Array, path = CONVERSE, headers: Record<string, string> = JSON_CT) => signed({ method: "POST", path, headers, body });
  const without = (req: RawRequest, name: string): RawRequest => ({ ...req, headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== name)) });
  const invalidUtf8 = (before: string, after: string) => Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(after)]);
  const validation = { status: 400, type: "ValidationException" };
  const incomplete = { status: 403, type: "IncompleteSignatureException" };
  const unknownOp = { status: 404, type: "UnknownOperationException" };

  const rows: Row[] = [
    { name: "invalid JSON", req: () => post('{"messages": ['), expect: { ...validation, message: /body/ } },
    { name: "a JSON array body", req: () => post("[]"), expect: validation },
    { name: "a JSON number body", req: () => post("42"), expect: validation },
    { name: "a JSON null body", req: () => post("null"), expect: validation },
    { name: "a JSON string body", req: () => post('"hello"'), expect: validation },
    { name: "100k-deep arrays in a tool result document", expect: validation, req: () => post(`{"toolConfig":{"tools":[{"toolSpec":{"name":"t","inputSchema":{"json":{"type":"object"}}}}]},"messages":[{"role":"user","content":[{"toolResult":{"toolUseId":"a","content":[{"json":${nest(100_000, "[", "]")}}]}}]}]}`) },
    { name: "100k-deep objects in additionalModelRequestFields", expect: validation, req: () => post(chat(`,"additionalModelRequestFields":${nest(100_000, '{"a":', "}")}`)) },
    { name: "100k-deep arrays in a native body", expect: validation, req: () => post(`{"prompt":"hi","temperature":${nest(100_000, "[", "]")}}`, INVOKE) },
    { name: "a 1 MB role", expect: validation, req: () => post(`{"messages":[{"role":"${"r".repeat(1 << 20)}","content":[{"text":"hi"}]}]}`) },
    { name: "a 1 MB string where a number belongs", expect: validation, req: () => post(chat(`,"inferenceConfig":{"temperature":"${"9".repeat(1 << 20)}"}`)) },
    { name: "a 1 MB key in additionalModelRequestFields", expect: validation, req: () => post(chat(`,"additionalModelRequestFields":{"${"k".repeat(1 << 20)}":1}`)) },
    { name: "invalid UTF-8 bytes in a Converse body", expect: validation, req: () => post(invalidUtf8('{"messages":[{"role":"user","content":[{"text":"', '"}]}]}')) },
    { name: "invalid UTF-8 bytes in a native body", expect: validation, req: () => post(invalidUtf8('{"prompt":"', '"}'), INVOKE) },
    // restJson1 (Smithy's malformed-request suite, RestJsonWithBodyExpectsApplicationJsonContentType) wants 415.
    { name: "a JSON Converse body labelled text/plain", req: () => post(chat(""), CONVERSE, { "content-type": "text/plain" }) },
    { name: "a native body labelled text/plain", req: () => post('{"prompt":"hi"}', INVOKE, { "content-type": "text/plain" }), expect: validation },
    { name: "a truncated percent-escape in the path", req: async () => ({ method: "POST", path: "/model/%E0%A4%A/converse", headers: JSON_CT, body: "{}" }), expect: validation },
    { name: "a non-hex percent-escape in the path", req: async () => ({ method: "POST", path: "/model/%ZZ/converse", headers: JSON_CT, body: "{}" }), expect: validation },
    { name: "percent-encoded invalid UTF-8 in the path", req: async () => ({ method: "GET", path: "/foundation-models/%FF%FE", headers: {} }), expect: validation },
    { name: "an unknown path", req: async () => ({ method: "GET", path: "/nope", headers: {} }), expect: unknownOp },
    { name: "a path with dot segments", req: async () => ({ method: "GET", path: "/model/../foundation-models", headers: {} }), expect: unknownOp },
    { name: "a path with an empty segment", req: async () => ({ method: "GET", path: "//foundation-models", headers: {} }), expect: unknownOp },
    { name: "GET on the Converse route", req: async () => ({ method: "GET", path: CONVERSE, headers: {} }), expect: unknownOp },
    { name: "DELETE on the model list", req: async () => ({ method: "DELETE", path: "/foundation-models", headers: {} }), expect: unknownOp },
    { name: "POST on /health", req: async () => ({ method: "POST", path: "/health", headers: {}, body: "{}" }), expect: unknownOp },
    { name: "no Authorization header", req: async () => ({ method: "POST", path: CONVERSE, headers: JSON_CT, body: chat("") }), expect: { status: 403, type: "MissingAuthenticationTokenException" } },
    { name: "a Bearer token that is not a Bedrock API key", req: async () => ({ method: "POST", path: CONVERSE, headers: { ...JSON_CT, authorization: "Bearer abc" }, body: chat("") }), expect: { status: 403, type: "UnrecognizedClientException" } },
    { name: "a garbage SigV4 Authorization", req: async () => ({ method: "POST", path: CONVERSE, headers: { ...JSON_CT, authorization: "AWS4-HMAC-SHA256 garbage,,==;;", "x-amz-date": "20260101T000000Z" }, body: chat("") }), expect: incomplete },
    { name: "an 8 KB Authorization header", req: async () => ({ method: "POST", path: CONVERSE, headers: { ...JSON_CT, authorization: `AWS4-HMAC-SHA256 ${"A".repeat(8192)}` }, body: chat("") }), expect: incomplete },
    { name: "two Authorization headers", h1Only: true, expect: incomplete, req: async () => { const r = await post(chat("")); return { ...r, headers: { ...r.headers, authorization: [String(r.headers["authorization"]), String(r.headers["authorization"])] } }; } },
    { name: "a signed request without x-amz-date", req: async () => without(await post(chat("")), "x-amz-date"), expect: incomplete },
    { name: "an x-amz-date that is not a date", req: async () => { const r = await post(chat("")); return { ...r, headers: { ...r.headers, "x-amz-date": "yesterday\u00e9" } }; }, expect: { status: 403 } },
    { name: "a request dated 2001", req: () => signed({ method: "POST", path: CONVERSE, headers: JSON_CT, body: chat("") }, { date: new Date("2001-01-01T00:00:00Z") }), expect: { status: 403, type: "InvalidSignatureException", message: /expired/ } },
    { name: "a request dated 2099", req: () => signed({ method: "POST", path: CONVERSE, headers: JSON_CT, body: chat("") }, { date: new Date("2099-01-01T00:00:00Z") }), expect: { status: 403, type: "InvalidSignatureException", message: /not yet current/ } },
    { name: "an unknown access key", req: () => sign({ ...stack.server, credentials: { accessKeyId: "AKIAAAAAAAAAAAAAAAAA", secretAccessKey: "x".repeat(40) } }, { method: "POST", path: CONVERSE, headers: JSON_CT, body: chat("") }), expect: { status: 403, type: "UnrecognizedClientException" } },
    { name: "an encoded CRLF and Set-Cookie in the model id", req: () => signed({ method: "POST", path: "/model/x%0D%0ASet-Cookie:%20evil=1/converse", headers: JSON_CT, body: chat("") }) },
  ];

  for (const row of rows) {
    it(`refuses ${row.name}`, async () => {
      const req = await row.req();
      for (const send of row.h1Only ? [h1] : [h1, h2]) {
        const answer = await send(stack.server, req);
        assertRefusal(answer, row.expect);
        assert.equal(answer.headers["set-cookie"], undefined);
      }
    });
  }

  const framing: Array<[string, string]> = [
    ["a header line without a colon", "GET /health HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"],
    ["a bare LF inside a header value", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n"],
    ["a NUL inside a header value", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n"],
    ["an obs-fold continuation line", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"],
    ["two different Content-Lengths", `POST ${CONVERSE} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef`],
    ["Content-Length with Transfer-Encoding", `POST ${CONVERSE} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ["a chunk size that is not hex", `POST ${CONVERSE} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n`],
    ["a space in the request target", "GET /hea lth HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a 1 MB request target", `GET /${"a".repeat(1 << 20)} HTTP/1.1\r\nHost: x\r\n\r\n`],
    ["an unknown HTTP version", "GET /health HTTP/3.0\r\nHost: x\r\n\r\n"],
  ];
  const framingAnswers = new Map<string, string>();

  it("refuses malformed HTTP/1.1 framing with a 4xx and no trace", async () => {
    for (const [name, bytes] of framing) {
      const raw = await rawH1(stack.server, bytes, 300);
      framingAnswers.set(name, raw);
      assertPlainRefusal(parseRaw(raw), `${name}: ${raw}`);
    }
  });

  it("answers malformed HTTP/1.1 framing in the AWS error shape too (JSON message, x-amzn-errortype)", () => {
    const bare = [...framingAnswers].filter(([, raw]) => parseRaw(raw).headers["x-amzn-errortype"] === undefined).map(([name, raw]) => `${name}: ${raw.split("\r\n")[0]}`);
    assert.equal(framingAnswers.size, framing.length);
    assert.deepEqual(bare, []);
  });

  it("answers an unknown route with 404 UnknownOperationException, signed or not", async () => {
    for (const req of [{ method: "GET", path: "/v1/chat/completions", headers: {} }, await signed({ method: "POST", path: "/model/x/unknown-operation", headers: JSON_CT, body: "{}" })]) {
      for (const send of [h1, h2]) assertRefusal(await send(stack.server, req), { status: 404, type: "UnknownOperationException" });
    }
  });

  it("is still healthy, logged no 5xx and wrote no stack trace", async () => {
    for (const send of [h1, h2]) assert.equal((await send(stack.server, { method: "GET", path: "/health", headers: {} })).status, 200);
    const lines = accessLines(stack.server.stdout());
    assert.ok(lines.length > rows.length, "every exchange was logged");
    assert.deepEqual(lines.filter((l) => Number(l["status"]) >= 500), []);
    assert.doesNotMatch(stack.server.stdout() + stack.server.stderr(), /\n\s+at |"stack"/);
  });

  it("GET /health needs no signature and says only that it is up, over HTTP/2 and HTTP/1.1", async () => {
    for (const send of [h2, h1]) {
      const a = await send(stack.server, { method: "GET", path: "/health", headers: {} });
      assert.equal(a.status, 200);
      assert.deepEqual(JSON.parse(a.body), { status: "ok" });
    }
  });

  it("the access log line holds method, path, status, latency, request id, principal and model, never headers, query or body", async () => {
    const marks = { header: `HDR-${Date.now()}`, query: `QRY-${Date.now()}`, body: `BDY-${Date.now()}` };
    const req = await signed({ method: "POST", path: `${CONVERSE}?note=${marks.query}`, headers: { ...JSON_CT, "x-note": marks.header }, body: chat("").replace("hi", marks.body) });
    const answer = await h2(stack.server, req);
    assert.equal(answer.status, 200, answer.body);
    const line = await accessLine(stack.server, String(answer.headers["x-amzn-requestid"]));
    assert.equal(line["method"], "POST");
    assert.equal(line["path"], "/model/{modelId}/converse", "the route template, not the caller's path");
    assert.equal(line["status"], 200);
    assert.equal(typeof line["latencyMs"], "number");
    assert.match(String(line["principal"]), /^arn:aws:iam::\d{12}:user\//);
    assert.equal(line["modelId"], LLAMA);
    const text = JSON.stringify(line);
    for (const mark of Object.values(marks)) assert.ok(!text.includes(mark), `${mark} is not logged`);
    for (const key of ["headers", "query", "body", "authorization", "x-note", "url"]) assert.equal(line[key], undefined);
    assert.ok(!text.includes(stack.server.credentials.secretAccessKey) && !/Signature=/.test(text));
  });

  it("ignores X-Forwarded-For when no proxy is trusted", async () => {
    const a = await h1(stack.server, { method: "GET", path: "/health", headers: { "x-forwarded-for": "203.0.113.7" } });
    const line = await accessLine(stack.server, String(a.headers["x-amzn-requestid"]));
    assert.equal(line["sourceIp"], "127.0.0.1");
  });
});
