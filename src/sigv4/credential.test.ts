import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseAmzDate } from "./credential.js";

describe("X-Amz-Date", () => {
  it("reads a basic ISO 8601 time and refuses out-of-range fields", () => {
    assert.equal(parseAmzDate("20150830T123600Z")?.toISOString(), "2015-08-30T12:36:00.000Z");
    for (const bad of ["20151330T123600Z", "20150830T123661Z", "2015-08-30T12:36:00Z", ""]) assert.equal(parseAmzDate(bad), undefined, bad);
  });

  it("the same text read twice gives equal times in Dates of their own: changing one leaves the next", () => {
    const first = parseAmzDate("20261206T120000Z")!;
    first.setTime(0);
    const second = parseAmzDate("20261206T120000Z")!;
    assert.notEqual(first, second);
    assert.equal(second.toISOString(), "2026-12-06T12:00:00.000Z");
    assert.equal(parseAmzDate("20261206T120001Z")?.toISOString(), "2026-12-06T12:00:01.000Z");
    assert.equal(parseAmzDate("20261306T120001Z"), undefined);
    assert.equal(parseAmzDate("20261206T120001Z")?.toISOString(), "2026-12-06T12:00:01.000Z");
  });
});
