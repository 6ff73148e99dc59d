import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import type { FaultKind } from "../../kernel/index.js";
import { openAiProtocol } from "./protocol.js";

/** Faults -> OpenAI's error shape and the statuses the openai SDK picks its exception classes by. */
describe("OpenAI errors", () => {
  const table: [FaultKind, string | undefined, number, unknown, Record<string, string>?][] = [
    ["validation", "temperature", 400, { message: "m", type: "invalid_request_error", code: null, param: "temperature" }],
    ["unrecognized-client", undefined, 401, { message: "m", type: "invalid_request_error", code: "invalid_api_key", param: null }],
    ["missing-authentication", undefined, 401, { message: "m", type: "invalid_request_error", code: "missing_api_key", param: null }],
    ["invalid-signature", undefined, 401, { message: "m", type: "invalid_request_error", code: "invalid_signature", param: null }],
    ["access-denied", undefined, 403, { message: "m", type: "permission_error", code: "access_denied", param: null }],
    // The resolver names Converse's member; on this surface it is `model`.
    ["not-found", "modelId", 404, { message: "m", type: "invalid_request_error", code: "model_not_found", param: "model" }],
    ["not-found", undefined, 404, { message: "m", type: "invalid_request_error", code: "not_found", param: null }],
    ["unknown-operation", undefined, 404, { message: "m", type: "invalid_request_error", code: "unknown_url", param: null }],
    ["throttling", undefined, 429, { message: "m", type: "rate_limit_error", code: "rate_limit_exceeded", param: null }, { "retry-after": "1" }],
    ["payload-too-large", undefined, 413, { message: "m", type: "invalid_request_error", code: "request_too_large", param: null }],
    ["model-timeout", undefined, 408, { message: "m", type: "timeout_error", code: "model_timeout", param: null }],
    ["service-unavailable", undefined, 503, { message: "m", type: "server_error", code: "service_unavailable", param: null }],
    ["internal", undefined, 500, { message: "m", type: "server_error", code: "internal_error", param: null }],
  ];
  for (const [kind, field, status, error, extra] of table) {
    it(`${kind}${field ? ` (${field})` : ""} is ${status}`, () => {
      const reply = openAiProtocol.error(new Fault(kind, "m", field === undefined ? {} : { field }), "req-1");
      assert.equal(reply.status, status);
      assert.deepEqual(JSON.parse(reply.body), { error });
      assert.deepEqual(reply.headers, { "content-type": "application/json", "x-request-id": "req-1", ...extra });
    });
  }
});
