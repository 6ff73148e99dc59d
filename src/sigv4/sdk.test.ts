import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import type { HttpRequest } from "@smithy/protocol-http";
import { isFault } from "../kernel/index.js";
import { parseAmzDate } from "./credential.js";
import type { IncomingSignedRequest } from "./types.js";
import { verifySigV4 } from "./verify.js";
import { ACCESS_KEY_ID, AUTHORITY, options, SECRET_ACCESS_KEY, signedRequest, withHeaders } from "./signing.fixture.js";

const mismatch = (e: unknown) => isFault(e) && e.kind === "invalid-signature";

/** Sends a Converse call through the real Bedrock runtime client and keeps the signed request. */
async function captureConverse(modelId: string, sessionToken?: string): Promise<IncomingSignedRequest> {
  let captured: HttpRequest | undefined;
  const client = new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: `https://${AUTHORITY}`,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY, ...(sessionToken ? { sessionToken } : {}) },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: HttpRequest) => {
        captured = request;
        throw new Error("captured; not sent");
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    },
  });
  const command = new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text: "hello" }] }] });
  await assert.rejects(client.send(command), /captured; not sent/);
  client.destroy();
  assert.ok(captured);
  const body = captured.body as Uint8Array | string;
  const query = new URLSearchParams(captured.query as Record<string, string>).toString();
  return {
    method: captured.method,
    rawTarget: query ? `${captured.path}?${query}` : captured.path,
    headers: Object.entries(captured.headers),
    bodySha256: createHash("sha256").update(body).digest("hex"),
  };
}

const signedAtOf = (req: IncomingSignedRequest) => parseAmzDate(req.headers.find(([n]) => n === "x-amz-date")![1])!;

describe("requests from the AWS SDK", () => {
  it("accepts a Converse call signed by @aws-sdk/client-bedrock-runtime", async () => {
    const req = await captureConverse("anthropic.claude-3-haiku-20240307-v1:0", "session-token-1");
    assert.equal(req.rawTarget, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    const result = await verifySigV4(req, options(signedAtOf(req)));
    assert.equal(result.scope.service, "bedrock");
    assert.equal(result.sessionToken, "session-token-1");
    assert.ok(result.signedHeaders.includes("x-amz-content-sha256"));
    await assert.rejects(verifySigV4({ ...req, bodySha256: "0".repeat(64) }, options(signedAtOf(req))), mismatch);
  });

  it("accepts a Converse call whose model id is an ARN (slashes encoded in the path)", async () => {
    const req = await captureConverse("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
    assert.match(req.rawTarget, /foundation-model%2Fanthropic/);
    await verifySigV4(req, options(signedAtOf(req)));
  });
});

describe("HTTP/2: ':authority' signed instead of host", () => {
  it("accepts a request whose SignedHeaders include ':authority', with the other pseudo-headers present", async () => {
    const req = await signedRequest({ http2: true });
    assert.ok(req.headers.some(([n]) => n === ":path") && !req.headers.some(([n]) => n === "host"));
    const result = await verifySigV4(req, options());
    assert.equal(result.signedHeaders[0], ":authority");
  });

  it("does not treat a host header as ':authority' (no mapping between them)", async () => {
    const req = await signedRequest({ http2: true });
    const mapped = withHeaders(req, (h) => h.map(([n, v]) => [n === ":authority" ? "host" : n, v]));
    await assert.rejects(verifySigV4(mapped, options()), mismatch);
  });

  it("rejects a different ':authority'", async () => {
    const req = await signedRequest({ http2: true });
    const other = withHeaders(req, (h) => h.map(([n, v]) => [n, n === ":authority" ? "127.0.0.1:8444" : v]));
    await assert.rejects(verifySigV4(other, options()), mismatch);
  });
});
