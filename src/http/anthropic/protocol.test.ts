import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import type { FaultKind } from "../../kernel/index.js";
import { defineOperation } from "../operation.js";
import { Router } from "../router.js";
import { anthropicProtocol, anthropicStreamFault } from "./protocol.js";

/**
 * Faults as Anthropic's API answers them: the status each of its SDKs maps to an error class,
 * the `{"type":"error","error":{type,message}}` body, and the `error` event mid-stream. And a
 * path under /anthropic/ that matches no route is refused in this shape, never a bare 404.
 */
const cases: [FaultKind, number, string][] = [
  ["validation", 400, "invalid_request_error"],
  ["unsupported-media-type", 415, "invalid_request_error"],
  ["unrecognized-client", 401, "authentication_error"],
  ["missing-authentication", 401, "authentication_error"],
  ["invalid-signature", 401, "authentication_error"],
  ["incomplete-signature", 401, "authentication_error"],
  ["expired-token", 401, "authentication_error"],
  ["access-denied", 403, "permission_error"],
  ["not-found", 404, "not_found_error"],
  ["unknown-operation", 404, "not_found_error"],
  ["payload-too-large", 413, "request_too_large"],
  ["throttling", 429, "rate_limit_error"],
  ["service-quota-exceeded", 429, "rate_limit_error"],
  ["model-timeout", 504, "timeout_error"],
  ["model-error", 500, "api_error"],
  ["internal", 500, "api_error"],
  ["service-unavailable", 529, "overloaded_error"],
];

describe("Anthropic's error protocol", () => {
  for (const [kind, status, type] of cases) {
    it(`${kind} -> ${status} ${type}`, () => {
      const reply = anthropicProtocol.error(new Fault(kind, "Something named model-x went wrong"), "req-1");
      assert.equal(reply.status, status);
      assert.equal(reply.code, type);
      // A 429 says how long to wait: Anthropic's SDKs back off by retry-after.
      assert.deepEqual(reply.headers, { "content-type": "application/json", "request-id": "req-1", ...(status === 429 ? { "retry-after": "1" } : {}) });
      assert.equal(reply.body, JSON.stringify({ type: "error", error: { type, message: "Something named model-x went wrong" }, request_id: "req-1" }));
    });
  }

  it("mid-stream, the same object as an `error` event", () => {
    const frame = new TextDecoder().decode(anthropicStreamFault("req-2")(new Fault("model-stream-error", "The model stream failed.")));
    assert.equal(frame, `event: error\ndata: {"type":"error","error":{"type":"api_error","message":"The model stream failed."},"request_id":"req-2"}\n\n`);
  });

  it("owns /anthropic/: the router answers in it for a path there that matches no route, and not elsewhere", () => {
    const op = defineOperation({
      name: "CreateMessage", method: "POST", path: "/anthropic/v1/messages", signingService: "bedrock", protocol: anthropicProtocol, action: "bedrock:InvokeModel",
      decode: () => ({}), resource: () => "*", invoke: async () => ({}), encode: () => ({ kind: "json", status: 200, body: {} }),
    });
    const router = new Router([op]);
    assert.equal(router.match("POST", "/anthropic/v1/nothing"), undefined);
    for (const path of ["/anthropic/v1/nothing", "/anthropic/", "/anthropic/v1/messages/x"]) assert.equal(router.protocolFor(path), anthropicProtocol, path);
    for (const path of ["/anthropic", "/anthropics/v1", "/model/x/converse", "/"]) assert.equal(router.protocolFor(path), undefined, path);
  });
});
