import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { safeCode, statusFault } from "./faults.js";

describe("upstream status -> fault", () => {
  const table: [number, string, number | undefined][] = [
    [400, "validation", undefined], [413, "validation", undefined], [422, "validation", undefined],
    [401, "model-error", 401], [403, "model-error", 403], [404, "model-error", 404],
    [408, "model-timeout", undefined], [504, "model-timeout", undefined], [429, "throttling", undefined],
    [500, "model-error", 500], [502, "model-error", 502], [503, "model-error", 503], [529, "service-unavailable", 529],
  ];
  for (const [status, kind, original] of table) {
    it(`${status} -> ${kind}`, () => {
      const f = statusFault(status, "some_code");
      assert.equal(f.kind, kind);
      assert.equal(f.detail.originalStatusCode, original);
      assert.match(f.message, new RegExp(`status ${status}, code some_code`));
    });
  }
  it("only short identifiers pass as upstream error codes", () => {
    assert.equal(safeCode("rate_limit_exceeded"), "rate_limit_exceeded");
    for (const bad of ["The prompt 'tell me' is invalid", "", "x".repeat(65), 42, null, { code: "x" }]) assert.equal(safeCode(bad), undefined);
  });
});
