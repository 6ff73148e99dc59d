import { test } from "node:test";
import assert from "node:assert/strict";
import type { AuditEvent } from "./event.js";
import canonicalize from "canonicalize";
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

/** What the fast road must agree with: the reference implementation, byte for byte, or refuse alike. */
const reference = (value: unknown): string | Error => {
  try {
    return canonicalize(value) ?? new Error("no JSON form");
  } catch (error) {
    return error as Error;
  }
};
const ours = (value: unknown): string | Error => {
  try {
    return Buffer.from(leafBytes(value as AuditEvent)).toString("utf8");
  } catch (error) {
    return error as Error;
  }
};

test("the leaf equals the reference RFC 8785 implementation on the cases the fast road must hand over or get right", () => {
  const cases: [string, unknown][] = [
    ["an event", event],
    ["index-like keys, enumerated first by the engine", { b: 1, 10: "x", 9: "y", a: [1, { 2: 0, 1: 0, z: 0 }] }],
    ["keys that look like indices but are not", { "01": 1, "1.5": 2, "-1": 3, a: 4 }],
    ["UTF-16 code unit order, not code point order", { "\u{1F600}": 1, "\uFFFF": 2, "é": 3, "e": 4, "E": 5, "": 6 }],
    ["a lone surrogate in a value", { a: "\uD800" }],
    ["a lone surrogate in a key", { "\uDC00": 1 }],
    ["control characters and escapes", { a: "\u0000\u001f\"\\/\b\f\n\r\t\u2028\u2029" }],
    ["numbers at the edges of their shortest forms", { a: [0, -0, 1e21, 1e-7, 123456789012345680000, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, -1.5e-9] }],
    ["non-finite numbers", { a: Number.NaN }],
    ["infinity", { a: [Number.POSITIVE_INFINITY] }],
    ["undefined members and array items", { a: undefined, b: [undefined, 1], c: { d: undefined } }],
    ["a __proto__ key from parsed JSON", JSON.parse('{"__proto__":{"x":1},"a":2}')],
    ["an object without a prototype", Object.assign(Object.create(null) as object, { b: 1, a: 2 })],
    ["a date (toJSON)", { at: new Date(Date.UTC(2030, 0, 1)) }],
    ["nested empties", { a: {}, b: [], c: [[]], d: [{}] }],
    ["a function member", { a: () => 1, b: 2 }],
  ];
  for (const [name, value] of cases) {
    const expected = reference(value);
    const actual = ours(value);
    if (expected instanceof Error) assert.ok(actual instanceof Error, `${name}: the reference refuses, so must we (we gave ${String(actual)})`);
    else assert.equal(actual, expected, name);
  }
});

test("the leaf equals the reference on generated events (keys and strings drawn from awkward alphabets)", () => {
  let seed = 7;
  const next = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  const alphabet = ["a", "B", "0", "9", "_", "é", "\u00ff", "\u0100", "\uFFFD", "\u{1F600}", "\"", "\\", "\n", "1", "-"];
  const text = (): string => Array.from({ length: next(6) }, () => alphabet[next(alphabet.length)]!).join("");
  const value = (depth: number): unknown => {
    switch (depth > 3 ? next(4) : next(7)) {
      case 0: return text();
      case 1: return next(2) === 0 ? next(1_000_000) / (next(1000) + 1) : -next(1e9);
      case 2: return next(2) === 0;
      case 3: return null;
      case 4: return Array.from({ length: next(4) }, () => value(depth + 1));
      default: return Object.fromEntries(Array.from({ length: next(5) }, () => [text(), value(depth + 1)]));
    }
  };
  for (let i = 0; i < 2000; i++) {
    const generated = { ...event, requestParameters: value(0) as AuditEvent["requestParameters"], additionalEventData: { x: value(1) } as AuditEvent["additionalEventData"] };
    assert.equal(ours(generated), reference(generated), `case ${i}: ${JSON.stringify(generated.requestParameters)}`);
  }
});
