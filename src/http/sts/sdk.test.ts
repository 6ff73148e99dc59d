import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import {
  AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, MalformedPolicyDocumentException,
  PackedPolicyTooLargeException, STSClient, STSServiceException,
} from "@aws-sdk/client-sts";
import { HttpResponse } from "@smithy/protocol-http";
import type { HttpRequest } from "@smithy/protocol-http";
import { Fault, invalid, sensitive } from "../../kernel/index.js";
import type { Reply } from "../operation.js";
import { awsQuery, queryReply } from "../protocols/aws-query.js";
import {
  decodeAssumeRoleRequest, decodeGetSessionTokenRequest, encodeAssumeRoleResult, encodeCallerIdentity,
  encodeGetSessionTokenResult, readForm,
} from "./codec.js";
import { STS_SERVICE } from "./routes.js";

/**
 * @aws-sdk/client-sts on both sides of the codec, with no network: the SDK's serialised request
 * is decoded as the server would decode it, and what our encoders write is what the SDK's own
 * deserializer must accept (results, and errors by code).
 */
const credentials = {
  accessKeyId: "ASIAABCDEFGHIJKLMNOP", secretAccessKey: sensitive("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
  sessionToken: "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==",
  expiration: new Date("2030-01-01T12:00:00.000Z"),
};

function client(answer: (request: HttpRequest) => Reply | HttpResponse): { sdk: STSClient; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const sdk = new STSClient({
    region: "eu-west-2", endpoint: "http://127.0.0.1:1", maxAttempts: 1,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    requestHandler: {
      handle: async (request: HttpRequest) => {
        sent.push(request);
        const reply = answer(request);
        if (reply instanceof HttpResponse) return { response: reply };
        assert.equal(reply.kind, "bytes");
        if (reply.kind !== "bytes") throw new Error("unexpected reply");
        return { response: new HttpResponse({ statusCode: reply.status, headers: { "content-type": reply.contentType }, body: Readable.from([Buffer.from(reply.body)]) }) };
      },
    },
  });
  return { sdk, sent };
}

function body(request: HttpRequest | undefined): Buffer {
  assert.ok(request);
  assert.equal(request.method, "POST");
  assert.equal(request.path, "/");
  return Buffer.from(String(request.body));
}

function errorReply(f: Fault): HttpResponse {
  const reply = awsQuery(STS_SERVICE).error(f, "req-1");
  return new HttpResponse({ statusCode: reply.status, headers: reply.headers, body: Readable.from([Buffer.from(reply.body)]) });
}

describe("decode what @aws-sdk/client-sts sends, encode what it reads", () => {
  it("GetCallerIdentity", async () => {
    const { sdk, sent } = client(() => queryReply(STS_SERVICE, "GetCallerIdentity", encodeCallerIdentity({ account: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAABCDEFGHIJKLMNOP" }), "req-1"));
    const out = await sdk.send(new GetCallerIdentityCommand({}));
    assert.deepEqual(readForm(body(sent[0])), { Action: "GetCallerIdentity", Version: "2011-06-15" });
    assert.deepEqual([out.Account, out.Arn, out.UserId], ["123456789012", "arn:aws:iam::123456789012:user/alice", "AIDAABCDEFGHIJKLMNOP"]);
  });

  it("GetSessionToken with duration and MFA", async () => {
    const { sdk, sent } = client(() => queryReply(STS_SERVICE, "GetSessionToken", encodeGetSessionTokenResult(credentials), "req-2"));
    const out = await sdk.send(new GetSessionTokenCommand({ DurationSeconds: 3600, SerialNumber: "arn:aws:iam::123456789012:mfa/alice", TokenCode: "123456" }));
    assert.deepEqual(decodeGetSessionTokenRequest(readForm(body(sent[0]))), { durationSeconds: 3600, mfa: { serialNumber: "arn:aws:iam::123456789012:mfa/alice", tokenCode: "123456" } });
    assert.deepEqual(out.Credentials, {
      AccessKeyId: credentials.accessKeyId, SecretAccessKey: credentials.secretAccessKey.reveal(), SessionToken: credentials.sessionToken, Expiration: credentials.expiration,
    });
  });

  it("GetSessionToken with nothing set", async () => {
    const { sdk, sent } = client(() => queryReply(STS_SERVICE, "GetSessionToken", encodeGetSessionTokenResult(credentials), "req-2"));
    await sdk.send(new GetSessionTokenCommand({}));
    assert.deepEqual(decodeGetSessionTokenRequest(readForm(body(sent[0]))), {});
  });

  it("AssumeRole with every member", async () => {
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock:*", Resource: "*" }] });
    const { sdk, sent } = client(() => queryReply(STS_SERVICE, "AssumeRole", encodeAssumeRoleResult({
      credentials, assumedRoleId: "AROAABCDEFGHIJKLMNOP:build-1", arn: "arn:aws:sts::123456789012:assumed-role/reader/build-1", packedPolicySize: 7, sourceIdentity: "alice",
    }), "req-3"));
    const out = await sdk.send(new AssumeRoleCommand({
      RoleArn: "arn:aws:iam::123456789012:role/reader", RoleSessionName: "build-1", DurationSeconds: 900,
      ExternalId: "ext-id:1/2", SerialNumber: "arn:aws:iam::123456789012:mfa/alice", TokenCode: "654321", Policy: policy,
      PolicyArns: [{ arn: "arn:aws:iam::123456789012:policy/a" }, { arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
      Tags: [{ Key: "project", Value: "x y" }, { Key: "empty", Value: "" }], TransitiveTagKeys: ["project"], SourceIdentity: "alice",
    }));
    assert.deepEqual(decodeAssumeRoleRequest(readForm(body(sent[0]))), {
      roleArn: "arn:aws:iam::123456789012:role/reader", roleSessionName: "build-1", durationSeconds: 900, externalId: "ext-id:1/2",
      mfa: { serialNumber: "arn:aws:iam::123456789012:mfa/alice", tokenCode: "654321" }, policy,
      policyArns: ["arn:aws:iam::123456789012:policy/a", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
      tags: [{ key: "project", value: "x y" }, { key: "empty", value: "" }], transitiveTagKeys: ["project"], sourceIdentity: "alice",
    });
    assert.deepEqual(out.AssumedRoleUser, { AssumedRoleId: "AROAABCDEFGHIJKLMNOP:build-1", Arn: "arn:aws:sts::123456789012:assumed-role/reader/build-1" });
    assert.equal(out.PackedPolicySize, 7);
    assert.equal(out.SourceIdentity, "alice");
    assert.equal(out.Credentials?.SessionToken, credentials.sessionToken);
  });

  it("AssumeRole with empty lists", async () => {
    const { sdk, sent } = client(() => queryReply(STS_SERVICE, "AssumeRole", encodeAssumeRoleResult({ credentials, assumedRoleId: "AROAABCDEFGHIJKLMNOP:s", arn: "arn:aws:sts::123456789012:assumed-role/r/s" }), "req-4"));
    const out = await sdk.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/reader", RoleSessionName: "s1", Tags: [], PolicyArns: [], TransitiveTagKeys: [] }));
    const input = decodeAssumeRoleRequest(readForm(body(sent[0])));
    assert.deepEqual([input.tags, input.policyArns, input.transitiveTagKeys], [[], [], []]);
    assert.equal(out.PackedPolicySize, undefined);
  });

  it("errors arrive under STS's codes", async () => {
    const cases: Array<[Fault, (e: unknown) => boolean]> = [
      [invalid("roleSessionName", "Member must have length greater than or equal to 2"), (e) => e instanceof STSServiceException && e.name === "ValidationError" && e.$metadata.httpStatusCode === 400],
      [new Fault("malformed-policy", "The session policy is not valid"), (e) => e instanceof MalformedPolicyDocumentException],
      [new Fault("validation", "Packed policy consumes 120% of allotted space", { reason: "packed-policy-too-large" }), (e) => e instanceof PackedPolicyTooLargeException && e.$metadata.httpStatusCode === 400],
      [new Fault("access-denied", "User: x is not authorized"), (e) => e instanceof STSServiceException && e.name === "AccessDenied" && e.$metadata.httpStatusCode === 403],
      [new Fault("expired-token", "The security token included in the request is expired"), (e) => e instanceof STSServiceException && e.name === "ExpiredToken"],
      [new Fault("unrecognized-client", "The security token included in the request is invalid."), (e) => e instanceof STSServiceException && e.name === "InvalidClientTokenId"],
      [new Fault("invalid-signature", "mismatch"), (e) => e instanceof STSServiceException && e.name === "SignatureDoesNotMatch"],
    ];
    for (const [f, check] of cases) {
      const { sdk } = client(() => errorReply(f));
      await assert.rejects(sdk.send(new GetCallerIdentityCommand({})), (e: unknown) => check(e) && (e as Error).message === f.message);
    }
  });
});
