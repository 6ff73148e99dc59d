import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../kernel/index.js";
import { quotaFault } from "../service/quotas/index.js";
import { retryAfter } from "./retry-after.js";

describe("retry-after", () => {
  const cases: [number, Record<string, string>][] = [[429, { "retry-after": "1" }], [400, {}], [500, {}], [503, {}], [529, {}]];
  for (const [status, expected] of cases) it(`status ${status}`, () => assert.deepEqual(retryAfter(status), expected));

  // A quota's refusal says when the call would fit: a client told "1" while a tokens-per-minute
  // debt takes a minute to pay back would be refused again every second.
  const waits: [string, Fault, string | undefined][] = [
    ["a quota's wait, rounded up to whole seconds", quotaFault("tpm", 12_300), "13"],
    ["under a second is one", quotaFault("rpm", 80), "1"],
    ["zero is one", quotaFault("rpm", 0), "1"],
    ["past a minute is a minute", quotaFault("tpm", 3_600_000), "60"],
    ["a wait that is not a number is left out of the fault: one", quotaFault("tpm", Number.NaN), "1"],
    ["a throttling fault without a wait (capacity): one", new Fault("throttling", "m"), "1"],
  ];
  for (const [name, fault, seconds] of waits) it(name, () => assert.deepEqual(retryAfter(429, fault), { "retry-after": seconds }));
  it("a 4xx other than 429 carries none, whatever its fault", () => assert.deepEqual(retryAfter(400, quotaFault("tpm", 5_000)), {}));
});
