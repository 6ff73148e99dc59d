import { test } from "node:test";
import assert from "node:assert/strict";
import type { AuditEvent } from "./event.js";
import { leafBytes } from "./canonical.js";

const event: AuditEvent = {
  eventVersion: "1.09",
  userIdentity: { type: "IAMUser", principalId: "AIDA1", arn: "arn:aws:iam::111122223333:user/é", accountId: "111122223333" },
  eventTime: "2026-12-05T06:00:00Z",
  eventSource: "bedrock.amazonaws.com",
  eventName: "Converse",
  awsRegion: "eu-west-1",
  sourceIPAddress: "192.0.2.1",
  requestParameters: { modelId: "m", maxTokens: 1.5e3 },
  responseElements: null,
  additionalEventData: { allowed: true },
  requestID: "r",
  eventID: "e",
  readOnly: false,
  eventType: "AwsApiCall",
  managementEvent: false,
  eventCategory: "Data",
  recipientAccountId: "111122223333",
};

test("the leaf is RFC 8785 canonical JSON: sorted keys, no whitespace, shortest numbers, UTF-8", () => {
  const text = Buffer.from(leafBytes(event)).toString("utf8");
  assert.ok(text.startsWith('{"additionalEventData":{"allowed":true},"awsRegion":"eu-west-1","eventCategory":"Data"'));
  assert.ok(text.includes('"requestParameters":{"maxTokens":1500,"modelId":"m"}'));
  assert.ok(!/\s/.test(text.replace(/"[^"]*"/g, "")));
  assert.ok(Buffer.from(leafBytes(event)).includes(Buffer.from("user/\u00e9", "utf8")));
});

test("the leaf does not depend on key order or on absent optional fields, so a stored event recomputes it", () => {
  const shuffled = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(event).reverse()))) as AuditEvent;
  const withUndefined = { ...event, userAgent: undefined, errorCode: undefined } as AuditEvent;
  assert.deepEqual(leafBytes(shuffled), leafBytes(event));
  assert.deepEqual(leafBytes(withUndefined), leafBytes(event));
  assert.notDeepEqual(leafBytes({ ...event, eventName: "Invoke" }), leafBytes(event));
});
