import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFault } from "../../kernel/index.js";
import { decodeLookupEvents } from "./codec.js";

const JSON11 = "application/x-amz-json-1.1";
const decode = (o: unknown) => decodeLookupEvents(Buffer.from(JSON.stringify(o)), JSON11);

describe("LookupEvents request decoding", () => {
  it("reads one attribute, the time range in epoch seconds, MaxResults and NextToken", () => {
    assert.deepEqual(decode({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "Converse" }], StartTime: 1764900000, EndTime: 1764903600.5, MaxResults: 5, NextToken: "t" }), {
      attribute: { key: "EventName", value: "Converse" }, start: new Date(1764900000 * 1000), end: new Date(1764903600500), maxResults: 5, nextToken: "t",
    });
    assert.deepEqual(decode({}), {});
  });

  const refusals: Array<[string, unknown, string, string]> = [
    ["two attributes", { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "a" }, { AttributeKey: "Username", AttributeValue: "b" }] }, "invalid-lookup-attributes", "LookupAttributes"],
    ["an unknown attribute key", { LookupAttributes: [{ AttributeKey: "SourceIp", AttributeValue: "a" }] }, "invalid-lookup-attributes", "LookupAttributes.0.AttributeKey"],
    ["an empty value", { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "" }] }, "invalid-lookup-attributes", "LookupAttributes.0.AttributeValue"],
    ["a value over 2000 characters", { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "x".repeat(2001) }] }, "invalid-lookup-attributes", "LookupAttributes.0.AttributeValue"],
    ["an Insights category", { EventCategory: "insight" }, "invalid-event-category", "EventCategory"],
    ["a NextToken longer than any we issue", { NextToken: "x".repeat(1025) }, "invalid-next-token", "NextToken"],
    ["a fractional MaxResults", { MaxResults: 1.5 }, "invalid-max-results", "MaxResults"],
    ["a start time that is not a time", { StartTime: "yesterday" }, "invalid-time-range", "StartTime"],
  ];
  for (const [name, body, reason, field] of refusals) {
    it(`refuses ${name}, naming ${field}`, () => {
      assert.throws(() => decode(body), (e: unknown) => isFault(e) && e.detail.reason === reason && e.detail.field === field);
    });
  }

  it("refuses a member the model does not define", () => {
    assert.throws(() => decode({ Foo: 1 }), /Foo/);
  });
});
