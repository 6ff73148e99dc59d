import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { retryAfter } from "./retry-after.js";

describe("retry-after", () => {
  const cases: [number, Record<string, string>][] = [[429, { "retry-after": "1" }], [400, {}], [500, {}], [503, {}], [529, {}]];
  for (const [status, expected] of cases) it(`status ${status}`, () => assert.deepEqual(retryAfter(status), expected));
});
