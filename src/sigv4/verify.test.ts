import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { isFault } from "../kernel/index.js";
import { verifySigV4 } from "./verify.js";
import {
  ACCESS_KEY_ID, SECRET_ACCESS_KEY, options, signedRequest, withAuthorization, withHeaders,
} from "./signing.fixture.js";

const kind = (expected: string, text?: RegExp) => (e: unknown) =>
  isFault(e) && e.kind === expected && (text === undefined || text.test(e.message));
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const MISMATCH = /^The request signature we calculated does not match the signature you provided\./;

describe("verifySigV4", () => {
  it("accepts a Converse request signed by @smithy/signature-v4 for service 'bedrock'", async () => {
    const req = await signedRequest();
    const result = await verifySigV4(req, options());
    assert.equal(result.accessKeyId, ACCESS_KEY_ID);
    assert.deepEqual(result.scope, { date: "20261124", region: "us-east-1", service: "bedrock" });
    assert.deepEqual(result.signedHeaders, ["content-type", "host", "x-amz-content-sha256", "x-amz-date"]);
    assert.equal(result.presigned, false);
    assert.equal(result.sessionToken, undefined);
  });

  it("signs the raw, still-encoded path (double-encoded, e.g. an ARN model id), not its decoded form", async () => {
    const path = "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Fanthropic.claude-3-haiku-20240307-v1%3A0/converse";
    const req = await signedRequest({ path });
    await verifySigV4(req, options());
    const decoded = { ...req, rawTarget: decodeURIComponent(path) };
    await assert.rejects(verifySigV4(decoded, options()), kind("invalid-signature", MISMATCH));
  });

  it("rejects an unknown access key as unrecognized-client", async () => {
    const req = await signedRequest();
    const opts = { ...options(), lookup: async () => undefined };
    await assert.rejects(verifySigV4(req, opts), kind("unrecognized-client", /^The security token included in the request is invalid\.$/));
  });

  it("rejects a request without Authorization header or X-Amz-Signature as missing-authentication", async () => {
    const req = await signedRequest();
    const bare = withHeaders(req, (h) => h.filter(([n]) => n !== "authorization"));
    await assert.rejects(verifySigV4(bare, options()), kind("missing-authentication", /^Missing Authentication Token$/));
    await assert.rejects(verifySigV4({ ...bare, rawTarget: "/foundation-models?byProvider=x" }, options()), kind("missing-authentication"));
  });

  it("rejects a body that differs from the signed x-amz-content-sha256 claim", async () => {
    const req = await signedRequest({ body: '{"messages":[1]}' });
    const swapped = { ...req, bodySha256: sha256('{"messages":[2]}') };
    await assert.rejects(verifySigV4(swapped, options()), kind("invalid-signature", /x-amz-content-sha256/));
  });

  it("hashes the body itself when the client sends no x-amz-content-sha256 (botocore)", async () => {
    const req = await signedRequest({ body: '{"messages":[1]}' }, { applyChecksum: false });
    assert.ok(!req.headers.some(([n]) => n === "x-amz-content-sha256"));
    await verifySigV4(req, options());
    await assert.rejects(verifySigV4({ ...req, bodySha256: sha256('{"messages":[2]}') }, options()), kind("invalid-signature", MISMATCH));
  });

  for (const mode of ["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"]) {
    it(`rejects x-amz-content-sha256: ${mode} as incomplete-signature (the body must be signed)`, async () => {
      const req = await signedRequest({ headers: { "x-amz-content-sha256": mode } });
      await assert.rejects(verifySigV4(req, options()), kind("incomplete-signature", new RegExp(`'${mode}' is not supported`)));
    });
  }

  it("joins repeated headers with a bare comma in arrival order and collapses inner whitespace", async () => {
    const req = await signedRequest({ headers: { "x-plinth-tag": "a,b c" } });
    const split = withHeaders(req, (h) => h.flatMap(([n, v]): [string, string][] =>
      n === "x-plinth-tag" ? [[n, " a "], ["X-Plinth-Tag", "b \t  c"]] : [[n, v]]));
    await verifySigV4(split, options());
    // What Node's req.headers would give: duplicates joined with ", ".
    const nodeJoined = withHeaders(req, (h) => h.map(([n, v]): [string, string] => [n, n === "x-plinth-tag" ? "a, b c" : v]));
    await assert.rejects(verifySigV4(nodeJoined, options()), kind("invalid-signature", MISMATCH));
    const reordered = withHeaders(split, (h) => [...h].sort(([a], [b]) => (a === "X-Plinth-Tag" ? -1 : b === "X-Plinth-Tag" ? 1 : 0)));
    await assert.rejects(verifySigV4(reordered, options()), kind("invalid-signature", MISMATCH));
  });

  it("matches header names case-insensitively and ignores unsigned headers", async () => {
    const req = await signedRequest({ headers: { "user-agent": "aws-sdk-js/3" } });
    const result = await verifySigV4(req, options());
    assert.ok(!result.signedHeaders.includes("user-agent"));
    const changed = withHeaders(req, (h) => h.map(([n, v]): [string, string] =>
      [n.toUpperCase(), n === "user-agent" ? "something else" : v]));
    await verifySigV4(changed, options());
  });

  it("returns the session token from the header, or from the query of a presigned URL", async () => {
    const header = await signedRequest({}, { sessionToken: "token-abc" });
    assert.equal((await verifySigV4(header, options())).sessionToken, "token-abc");
    const query = await signedRequest({ method: "GET", path: "/foundation-models" }, { sessionToken: "token-def", presignExpires: 60 });
    assert.match(query.rawTarget, /X-Amz-Security-Token=token-def/);
    assert.equal((await verifySigV4(query, options())).sessionToken, "token-def");
  });

  it("rejects a changed query parameter of a presigned URL", async () => {
    const req = await signedRequest({ method: "GET", path: "/foundation-models", query: { byProvider: "anthropic" } }, { presignExpires: 60 });
    await verifySigV4(req, options());
    const changed = { ...req, rawTarget: req.rawTarget.replace("byProvider=anthropic", "byProvider=anthropiC") };
    assert.notEqual(changed.rawTarget, req.rawTarget);
    await assert.rejects(verifySigV4(changed, options()), kind("invalid-signature", MISMATCH));
  });

  it("puts neither the secret nor the expected signature in a mismatch message", async () => {
    const req = await signedRequest();
    const good = /Signature=([0-9a-f]{64})/.exec(req.headers.find(([n]) => n === "authorization")![1])![1]!;
    const flipped = withAuthorization(req, (v) => v.replace(good, good.replace(/^./, (c) => (c === "0" ? "1" : "0"))));
    const error = await verifySigV4(flipped, options()).then(() => undefined, (e: unknown) => e);
    assert.ok(isFault(error) && error.kind === "invalid-signature");
    assert.ok(!error.message.includes(good) && !error.message.includes(SECRET_ACCESS_KEY));
  });

  it("rejects a bodySha256 that is not a hex SHA-256 as an internal fault", async () => {
    const req = await signedRequest();
    await assert.rejects(verifySigV4({ ...req, bodySha256: "abc" }, options()), kind("internal"));
  });
});
