import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import { decodeAssumeRoleRequest, decodeGetSessionTokenRequest, readForm } from "./codec.js";

/** The STS model's constraints, checked as the request is decoded; the value is never quoted back. */
const ROLE = "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Freader&RoleSessionName=s1";
const form = (text: string) => readForm(Buffer.from(`Action=AssumeRole&Version=2011-06-15&${text}`));

function rejects(decode: () => unknown, field: string, problem: RegExp, value?: string): void {
  assert.throws(decode, (e: unknown) => {
    assert.ok(e instanceof Fault && e.kind === "validation", String(e));
    assert.equal(e.detail.field, field);
    assert.match(e.message, problem);
    if (value !== undefined) assert.ok(!e.message.includes(value), "the value is not quoted back");
    return true;
  });
}

describe("STS request members", () => {
  it("RoleArn and RoleSessionName are required", () => {
    rejects(() => decodeAssumeRoleRequest(form("RoleSessionName=s1")), "roleArn", /must not be null/);
    rejects(() => decodeAssumeRoleRequest(form("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Freader")), "roleSessionName", /must not be null/);
  });

  it("RoleSessionName is 2 to 64 of [\\w+=,.@-]", () => {
    rejects(() => decodeAssumeRoleRequest(form(ROLE.replace("s1", "s"))), "roleSessionName", /greater than or equal to 2/);
    rejects(() => decodeAssumeRoleRequest(form(ROLE.replace("s1", "x".repeat(65)))), "roleSessionName", /less than or equal to 64/);
    rejects(() => decodeAssumeRoleRequest(form(ROLE.replace("s1", "bad%20name%2Fhere"))), "roleSessionName", /regular expression/, "bad name/here");
    assert.equal(decodeAssumeRoleRequest(form(ROLE.replace("s1", "a%2Bb%3Dc%2Cd.e%40f-g_h"))).roleSessionName, "a+b=c,d.e@f-g_h");
  });

  it("DurationSeconds is an integer", () => {
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&DurationSeconds=1h`)), "durationSeconds", /integer/);
    rejects(() => decodeGetSessionTokenRequest(form("DurationSeconds=3600.5")), "durationSeconds", /integer/);
    assert.equal(decodeGetSessionTokenRequest(form("DurationSeconds=3600")).durationSeconds, 3600);
  });

  it("SerialNumber and TokenCode come together; a token code is six digits", () => {
    rejects(() => decodeGetSessionTokenRequest(form("SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fa")), "tokenCode", /must not be null/);
    rejects(() => decodeGetSessionTokenRequest(form("TokenCode=123456")), "serialNumber", /must not be null/);
    rejects(() => decodeGetSessionTokenRequest(form("SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fa&TokenCode=12345")), "tokenCode", /length/);
    rejects(() => decodeGetSessionTokenRequest(form("SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fa&TokenCode=12345a")), "tokenCode", /regular expression/);
    rejects(() => decodeGetSessionTokenRequest(form("SerialNumber=short&TokenCode=123456")), "serialNumber", /greater than or equal to 9/);
  });

  it("ExternalId and SourceIdentity follow their patterns", () => {
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&ExternalId=a`)), "externalId", /greater than or equal to 2/);
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&ExternalId=a%20b`)), "externalId", /regular expression/);
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&SourceIdentity=aws%3Aalice`)), "sourceIdentity", /regular expression/);
    assert.equal(decodeAssumeRoleRequest(form(`${ROLE}&ExternalId=arn%3Ax%2Fy&SourceIdentity=alice%40example.com`)).sourceIdentity, "alice@example.com");
  });

  it("tags: at most 50, keys and values in the tag alphabet", () => {
    const many = Array.from({ length: 51 }, (_, i) => `Tags.member.${i + 1}.Key=k${i}&Tags.member.${i + 1}.Value=v`).join("&");
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&${many}`)), "tags", /less than or equal to 50/);
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&Tags.member.1.Key=a*b&Tags.member.1.Value=v`)), "tags.member.1.key", /regular expression/);
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&Tags.member.1.Key=a&Tags.member.1.Value=${"v".repeat(257)}`)), "tags.member.1.value", /256/);
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&Tags.member.1.Value=v`)), "tags.member.1.key", /string/);
    assert.deepEqual(decodeAssumeRoleRequest(form(`${ROLE}&Tags.member.1.Key=caf%C3%A9%20bar&Tags.member.1.Value=`)).tags, [{ key: "café bar", value: "" }]);
  });

  it("at most 10 policy ARNs; the session policy in the IAM character set", () => {
    const arns = Array.from({ length: 11 }, (_, i) => `PolicyArns.member.${i + 1}.arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fp${i}`).join("&");
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&${arns}`)), "policyArns", /less than or equal to 10/);
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&PolicyArns.member.1.arn=short`)), "policyArns.member.1.arn", /greater than or equal to 20/);
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&Policy=${encodeURIComponent('{"Version":"2012-10-17","Statement":[]} \u2603')}`)), "policy", /regular expression/);
  });

  it("ProvidedContexts is refused rather than ignored", () => {
    rejects(() => decodeAssumeRoleRequest(form(`${ROLE}&ProvidedContexts.member.1.ProviderArn=arn%3Aaws%3Aiam%3A%3Aaws%3Acontextprovider%2Fx&ProvidedContexts.member.1.ContextAssertion=abcd`)), "providedContexts", /not supported/);
  });
});
