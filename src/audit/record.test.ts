import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Principal } from "../kernel/index.js";
import canonicalize from "canonicalize";
import { leafBytes } from "./canonical.js";
import { auditEvent } from "./record.js";
import type { CallFacts } from "./record.js";

const at = new Date("2026-12-05T07:00:00.123Z");
const alice: Principal = { type: "IAMUser", accountId: "111122223333", arn: "arn:aws:iam::111122223333:user/alice", userId: "AIDAALICE", userName: "alice", accessKeyId: "AKIAALICE" };
const roleSession: Principal = {
  type: "AssumedRole", accountId: "111122223333", arn: "arn:aws:sts::111122223333:assumed-role/reader/s1", userId: "AROAREADER:s1", userName: "s1", accessKeyId: "ASIAREADER",
  roleArn: "arn:aws:iam::111122223333:role/reader", roleId: "AROAREADER",
  session: { issuedAt: new Date("2026-12-05T06:00:00Z"), expiresAt: new Date("2026-12-05T08:00:00Z"), mfaAuthenticatedAt: new Date("2026-12-05T06:00:00Z") },
};
const base: CallFacts = {
  requestId: "req-1", receivedAt: at, sourceIp: "203.0.113.9", listener: "default", region: "eu-west-2", notes: {}, status: 200,
  operation: "Converse", service: "bedrock", principal: alice, authScheme: "sigv4",
  resource: "arn:aws:bedrock:eu-west-2::foundation-model/anthropic.claude-x", subject: "anthropic.claude-x",
  tls: { protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" }, host: "localhost:8443",
  decision: { allowed: true, statements: [{ policy: "arn:aws:iam::111122223333:policy/p", kind: "identity", sid: "Invoke", index: 0, effect: "Allow" }] },
};
const settings = { defaultAccountId: "000000000000", node: "node-1" };

describe("audit record builder", () => {
  const cases: Array<[string, CallFacts, (e: ReturnType<typeof auditEvent>) => void]> = [
    ["an allowed Converse: CloudTrail's fields, the model id, the deciding statement, TLS facts", base, (e) => {
      assert.equal(e.eventVersion, "1.09");
      assert.equal(e.eventTime, "2026-12-05T07:00:00Z");
      assert.equal(e.eventSource, "bedrock.amazonaws.com");
      assert.equal(e.eventName, "Converse");
      assert.deepEqual(e.requestParameters, { modelId: "anthropic.claude-x" });
      assert.equal(e.readOnly, true);
      assert.deepEqual(e.resources, [{ ARN: base.resource, accountId: "111122223333", type: "AWS::Bedrock::FoundationModel" }]);
      assert.deepEqual(e.userIdentity, { type: "IAMUser", principalId: "AIDAALICE", arn: alice.arn, accountId: "111122223333", accessKeyId: "AKIAALICE", userName: "alice", credentialType: "sigv4" });
      assert.deepEqual(e.tlsDetails, { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_256_GCM_SHA384", clientProvidedHostHeader: "localhost:8443" });
      assert.deepEqual(e.additionalEventData["decision"], { allowed: true, statements: ["Allow identity arn:aws:iam::111122223333:policy/p#Invoke"] });
      assert.equal(e.errorCode, undefined);
      assert.equal(e.recipientAccountId, "111122223333");
    }],
    ["a failed authentication: Unknown identity with the claimed key id, the default account", { ...base, principal: undefined, accessKeyId: "AKIACLAIMED", decision: undefined, status: 403, errorName: "UnrecognizedClientException", refusedAt: "authenticate", resource: undefined, subject: undefined }, (e) => {
      assert.deepEqual(e.userIdentity, { type: "Unknown", accessKeyId: "AKIACLAIMED", credentialType: "sigv4" });
      assert.equal(e.recipientAccountId, "000000000000");
      assert.equal(e.errorCode, "UnrecognizedClientException");
      assert.equal(e.additionalEventData["refusedAt"], "authenticate");
      assert.equal(e.requestParameters, null);
      assert.equal(e.resources, undefined);
    }],
    ["a role session: sessionContext with the issuer and MFA", { ...base, principal: roleSession }, (e) => {
      assert.deepEqual(e.userIdentity.sessionContext, {
        sessionIssuer: { type: "Role", principalId: "AROAREADER", arn: "arn:aws:iam::111122223333:role/reader", accountId: "111122223333", userName: "reader" },
        attributes: { creationDate: "2026-12-05T06:00:00Z", mfaAuthenticated: "true" },
      });
      assert.equal(e.userIdentity.userName, undefined);
    }],
    ["an IAM write: not read-only, IAM source and resource type", { ...base, operation: "CreateUser", service: "iam", resource: "arn:aws:iam::111122223333:user/bob", subject: undefined }, (e) => {
      assert.equal(e.readOnly, false);
      assert.equal(e.eventSource, "iam.amazonaws.com");
      assert.equal(e.requestParameters, null);
      assert.equal(e.resources?.[0]?.type, "AWS::IAM::User");
    }],
    ["a model invocation through Anthropic's Messages API (CreateMessage): read-only, as Converse", { ...base, operation: "CreateMessage" }, (e) => {
      assert.equal(e.readOnly, true);
      assert.equal(e.eventSource, "bedrock.amazonaws.com");
    }],
    ["noted facts: retention mode, inference region, usage, operation's own parameters", {
      ...base, processingRegion: "eu-west-1",
      notes: { retentionMode: "none", usage: { inputTokens: 3, outputTokens: 5 }, requestParameters: { modelId: "m", inferenceConfig: { maxTokens: 10 } } },
    }, (e) => {
      assert.equal(e.additionalEventData["dataRetentionMode"], "none");
      assert.equal(e.additionalEventData["inferenceRegion"], "eu-west-1");
      assert.deepEqual(e.additionalEventData["usage"], { inputTokens: 3, outputTokens: 5 });
      assert.deepEqual(e.requestParameters, { modelId: "m", inferenceConfig: { maxTokens: 10 } });
    }],
    ["a guardrail note: the request's outcome, and each guardrail's evaluation per direction with what it found, empty findings left out", {
      ...base,
      notes: {
        guardrail: {
          identifier: "g1", version: "1", action: "INTERVENED", origin: "REQUEST", policies: ["sensitiveInformation"],
          evaluations: [
            {
              identifier: "g1", version: "1", origin: "REQUEST", source: "INPUT", action: "GUARDRAIL_INTERVENED", outcome: "ANONYMIZED", evaluations: 1,
              policies: ["sensitiveInformation"], piiEntities: { UK_NATIONAL_INSURANCE_NUMBER: 2 }, regexes: [{ index: 1, count: 3 }], topics: [], contentFilters: {},
              customWords: 0, managedWords: 0, contextualGrounding: [],
            },
            {
              identifier: "g9", version: "2", origin: "ACCOUNT_ENFORCED", source: "OUTPUT", action: "NONE", outcome: "NONE", evaluations: 4,
              policies: ["content", "topic", "word"], piiEntities: {}, regexes: [], topics: [0, 2], contentFilters: { HATE: "LOW" },
              customWords: 1, managedWords: 2, contextualGrounding: ["GROUNDING"],
            },
          ],
        },
      },
    }, (e) => {
      assert.deepEqual(e.additionalEventData["guardrail"], {
        identifier: "g1", version: "1", action: "INTERVENED", origin: "REQUEST", policies: ["sensitiveInformation"],
        evaluations: [
          {
            identifier: "g1", version: "1", origin: "REQUEST", source: "INPUT", action: "GUARDRAIL_INTERVENED", outcome: "ANONYMIZED", evaluations: 1,
            policies: ["sensitiveInformation"], piiEntities: { UK_NATIONAL_INSURANCE_NUMBER: 2 }, regexes: [{ index: 1, count: 3 }],
          },
          {
            identifier: "g9", version: "2", origin: "ACCOUNT_ENFORCED", source: "OUTPUT", action: "NONE", outcome: "NONE", evaluations: 4,
            policies: ["content", "topic", "word"], topics: [0, 2], contentFilters: { HATE: "LOW" }, customWords: 1, managedWords: 2, contextualGrounding: ["GROUNDING"],
          },
        ],
      });
      // The leaf is RFC 8785 canonical JSON: the fast road and the reference agree on the new shape.
      assert.equal(Buffer.from(leafBytes(e)).toString("utf8"), canonicalize(e));
    }],
    ["a private endpoint and a 2 KB user agent", { ...base, sourceVpce: "vpce-0abc", userAgent: "x".repeat(2048) }, (e) => {
      assert.equal(e.vpcEndpointId, "vpce-0abc");
      assert.equal(e.userAgent?.length, 1024);
    }],
  ];
  for (const [name, call, check] of cases) it(name, () => check(auditEvent(call, settings)));

  it("gives every event its own id", () => {
    assert.notEqual(auditEvent(base, settings).eventID, auditEvent(base, settings).eventID);
  });
});
