import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseDate } from "./dates.js";

describe("dates", () => {
  it("reads the W3C profiles of ISO 8601 and epoch seconds", () => {
    assert.equal(parseDate("2020-01-01T00:00:01Z"), Date.UTC(2020, 0, 1, 0, 0, 1));
    assert.equal(parseDate("2020-01-01"), Date.UTC(2020, 0, 1));
    assert.equal(parseDate("2020-06"), Date.UTC(2020, 5, 1));
    assert.equal(parseDate("2020"), Date.UTC(2020, 0, 1));
    assert.equal(parseDate("2020-01-01T10:30Z"), Date.UTC(2020, 0, 1, 10, 30));
    assert.equal(parseDate("2020-01-01T10:30:00.250Z"), Date.UTC(2020, 0, 1, 10, 30, 0, 250));
    assert.equal(parseDate("2020-01-01T12:00:00+02:00"), Date.UTC(2020, 0, 1, 10));
    assert.equal(parseDate("1577836800"), Date.UTC(2020, 0, 1));
    assert.equal(parseDate(1577836800), Date.UTC(2020, 0, 1));
  });
  it("refuses impossible or other formats", () => {
    for (const bad of ["2023-02-30", "2020-13-01", "2020-01-01T24:00Z", "01/02/2020", "2020-01-01 10:00", "yesterday", ""]) {
      assert.ok(Number.isNaN(parseDate(bad)), bad);
    }
  });
});
