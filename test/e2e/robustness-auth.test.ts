import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { startStack } from "./stack.js";
import type { Stack } from "./stack.js";
import { assertRefusal } from "./refusal.js";
import { presign, sign } from "./sign.js";
import { h1, h2, tlsSocket } from "./wire.js";
import type { RawRequest } from "./wire.js";

/**
 * Signatures bind a request to this endpoint, region, service, time and body: presigned URLs
 * work until they expire, and a request altered in any of those ways is refused. Also the TLS
 * floor (1.2) and the protocols offered by ALPN.
 */
const LLAMA = "meta.llama3-1-8b-instruct-v1:0";
const CONVERSE = `/model/${encodeURIComponent(LLAMA)}/converse`;
const BODY = '{"messages":[{"role":"user","content":[{"text":"hi"}]}]}';
const converse = (body = BODY): RawRequest => ({ method: "POST", path: CONVERSE, headers: { "content-type": "application/json" }, body });
const invalidSignature = (message: RegExp) => ({ status: 403, type: "InvalidSignatureException", message });

describe("signatures and transport", () => {
  let stack: Stack;
  before(async () => { stack = await startStack({ models: [{ modelId: LLAMA, via: "openai", upstreamModel: "chat-model", providerName: "Meta" }] }); });
  after(async () => { await stack?.stop(); });

  it("a correctly signed request is served (the refusals below are not vacuous)", async () => {
    const req = await sign(stack.server, converse());
    for (const send of [h1, h2]) assert.equal((await send(stack.server, req)).status, 200);
  });

  it("a presigned URL (query-string SigV4) lists the foundation models over HTTP/1.1 and HTTP/2", async () => {
    const path = await presign(stack.server, "/foundation-models", 60);
    assert.match(path, /X-Amz-Signature=[0-9a-f]{64}/);
    for (const send of [h1, h2]) {
      const a = await send(stack.server, { method: "GET", path, headers: {} });
      assert.equal(a.status, 200, a.body);
      assert.equal((JSON.parse(a.body) as { modelSummaries: unknown[] }).modelSummaries.length, 1);
    }
  });

  it("an expired presigned URL is refused, saying it expired", async () => {
    const path = await presign(stack.server, "/foundation-models", 60, { date: new Date(Date.now() - 120_000) });
    for (const send of [h1, h2]) assertRefusal(await send(stack.server, { method: "GET", path, headers: {} }), invalidSignature(/expired/i));
  });

  it("a presigned URL whose query was altered after signing is refused", async () => {
    const path = await presign(stack.server, "/foundation-models?byProvider=Meta", 60);
    const altered = path.replace("byProvider=Meta", "byProvider=Amazon");
    assert.notEqual(altered, path);
    assertRefusal(await h1(stack.server, { method: "GET", path: altered, headers: {} }), invalidSignature(/does not match/));
  });

  it("a request signed for another region is refused, naming the region", async () => {
    const req = await sign(stack.server, converse(), { region: "us-west-2" });
    for (const send of [h1, h2]) assertRefusal(await send(stack.server, req), invalidSignature(/region/));
  });

  it("a request signed for service s3 is refused, naming the service", async () => {
    const req = await sign(stack.server, { method: "GET", path: "/foundation-models", headers: {} }, { service: "s3" });
    assertRefusal(await h1(stack.server, req), invalidSignature(/service/));
  });

  it("a request dated 6 minutes ago is refused: Signature expired", async () => {
    const req = await sign(stack.server, converse(), { date: new Date(Date.now() - 6 * 60_000) });
    for (const send of [h1, h2]) assertRefusal(await send(stack.server, req), invalidSignature(/^Signature expired/));
  });

  it("a request dated 4 minutes ago is still inside the window", async () => {
    const req = await sign(stack.server, converse(), { date: new Date(Date.now() - 4 * 60_000) });
    assert.equal((await h1(stack.server, req)).status, 200);
  });

  it("an x-amz-content-sha256 that does not match the body is refused", async () => {
    const other = createHash("sha256").update("another body").digest("hex");
    const req = await sign(stack.server, { ...converse(), headers: { "content-type": "application/json", "x-amz-content-sha256": other } });
    for (const send of [h1, h2]) assertRefusal(await send(stack.server, req), invalidSignature(/x-amz-content-sha256/));
  });

  it("a body swapped after signing is refused, with or without x-amz-content-sha256", async () => {
    const swapped = BODY.replace("hi", "yo");
    for (const applyChecksum of [true, false]) {
      const req = await sign(stack.server, converse(), { applyChecksum });
      assert.equal(req.headers["x-amz-content-sha256"] !== undefined, applyChecksum);
      for (const send of [h1, h2]) {
        assertRefusal(await send(stack.server, { ...req, body: swapped }), { status: 403, type: "InvalidSignatureException" });
      }
    }
    assert.equal(stack.openai.requests.filter((r) => r.rawBody.includes("yo")).length, 0, "nothing swapped reached the upstream");
  });

  it("UNSIGNED-PAYLOAD is refused", async () => {
    const req = await sign(stack.server, { ...converse(), headers: { "content-type": "application/json", "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
    assertRefusal(await h1(stack.server, req), { status: 403, type: "IncompleteSignatureException" });
  });

  it("a signed header changed after signing is refused", async () => {
    const req = await sign(stack.server, converse());
    assertRefusal(await h1(stack.server, { ...req, headers: { ...req.headers, "content-type": "application/x-json" } }), invalidSignature(/does not match/));
  });

  it("a request replayed to another path is refused", async () => {
    const req = await sign(stack.server, converse());
    assertRefusal(await h1(stack.server, { ...req, path: CONVERSE.replace("converse", "converse-stream") }), invalidSignature(/does not match/));
  });

  for (const version of ["TLSv1", "TLSv1.1"] as const) {
    it(`refuses a ${version} handshake (the server answers protocol_version)`, async () => {
      // SECLEVEL=0 lets the client offer the old version, so the refusal is the server's.
      await assert.rejects(tlsSocket(stack.server, { minVersion: version, maxVersion: version, ciphers: "DEFAULT@SECLEVEL=0" }), { code: "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION" });
    });
  }

  for (const version of ["TLSv1.2", "TLSv1.3"] as const) {
    it(`accepts a ${version} handshake`, async () => {
      const socket = await tlsSocket(stack.server, { minVersion: version, maxVersion: version });
      assert.equal(socket.getProtocol(), version);
      socket.destroy();
    });
  }

  it("ALPN offers h2 and http/1.1, preferring h2", async () => {
    for (const [offered, chosen] of [[["h2", "http/1.1"], "h2"], [["http/1.1", "h2"], "h2"], [["http/1.1"], "http/1.1"], [["h2"], "h2"]] as const) {
      const socket = await tlsSocket(stack.server, { ALPNProtocols: [...offered] });
      assert.equal(socket.alpnProtocol, chosen, `offered ${offered.join(",")}`);
      socket.destroy();
    }
  });
});
