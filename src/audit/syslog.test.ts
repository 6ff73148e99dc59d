import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AuditEvent } from "./event.js";
import { octetCounted, syslogMessage } from "./syslog.js";

const event = {
  eventVersion: "1.09", userIdentity: { type: "IAMUser", accountId: "111111111111", userName: "zoë" }, eventTime: "2026-12-05T09:00:00Z",
  eventSource: "bedrock.amazonaws.com", eventName: "Converse", awsRegion: "eu-west-2", sourceIPAddress: "127.0.0.1",
  userAgent: "agent \u2603 \ud83d\ude00 \u0007", requestParameters: { modelId: "meta.llama3-1-8b-instruct-v1:0" }, responseElements: null,
  additionalEventData: {}, requestID: "r-1", eventID: "e-1", readOnly: false, eventType: "AwsApiCall", managementEvent: false,
  eventCategory: "Data", recipientAccountId: "111111111111",
} as const satisfies AuditEvent;
const header = { facility: 16, hostname: "node a", appName: "plinth", procId: "4242" };

/** RFC 5424's HEADER, then `-` (no structured data), then MSG. */
const SYSLOG = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) - (.*)$/s;

describe("syslogMessage", () => {
  it("writes an RFC 5424 message whose MSG is the event's JSON, in ASCII", () => {
    const message = syslogMessage(event, header);
    const m = SYSLOG.exec(message);
    assert.ok(m, message);
    assert.deepEqual(m.slice(1, 7), ["134", "2026-12-05T09:00:00Z", "node_a", "plinth", "4242", "Converse"]);
    assert.ok(/^[\x20-\x7e]*$/.test(message), "pure printable ASCII: no BOM needed");
    assert.deepEqual(JSON.parse(m[7]!), event);
  });

  const priorities: readonly [string, Partial<AuditEvent>, number, number][] = [
    ["a success, local0", {}, 16, 16 * 8 + 6],
    ["an error, local0", { errorCode: "AccessDenied" }, 16, 16 * 8 + 5],
    ["a success, kern", {}, 0, 6],
    ["an error, log audit", { errorCode: "ThrottlingException" }, 13, 13 * 8 + 5],
  ];
  for (const [name, over, facility, pri] of priorities) {
    it(`gives ${name} PRI ${pri}`, () => {
      assert.ok(syslogMessage({ ...event, ...over }, { ...header, facility }).startsWith(`<${pri}>1 `));
    });
  }

  it("bounds and cleans the header fields, and writes the NILVALUE for an empty one or an odd time", () => {
    const m = SYSLOG.exec(syslogMessage({ ...event, eventName: "X".repeat(40), eventTime: "yesterday" }, { ...header, hostname: "", procId: "a\nb" }))!;
    assert.deepEqual(m.slice(2, 7), ["-", "-", "plinth", "a_b", "X".repeat(32)]);
  });
});

describe("octetCounted", () => {
  it("prefixes the length in octets, not characters", () => {
    assert.equal(octetCounted("<134>1 - - - - - - é").toString("utf8"), "21 <134>1 - - - - - - é");
    assert.equal(octetCounted(syslogMessage(event, header)).toString("ascii"), `${syslogMessage(event, header).length} ${syslogMessage(event, header)}`);
  });
});
