import fc from "fast-check";
import { formPairs, formText, jsonText, mutated } from "./fuzz-mutations.js";
import type { Json } from "./fuzz-mutations.js";
import { bytesOf, contentType, documentText, h2, often, policyDocument } from "./fuzz-surfaces.js";
import type { FuzzRequest, World } from "./fuzz-surfaces.js";

/**
 * The fuzz test's RPC requests: IAM and STS over awsQuery (form bodies, now and then the query
 * string instead), Organizations over awsJson (X-Amz-Target naming the operation). They act on
 * the fuzz user, group, role and policies the test creates, never on the administrator.
 */
// ---- awsQuery: IAM and STS ----

/** Pairs no SDK writes: repeated, misnumbered or malformed members, bad escapes. */
const oddPairs = often("", fc.constantFrom(
  "&Action=GetUser", "&Version=2099-01-01", "&%ZZ=1", "&A=%", "&=x", "&&&", "&Tags.member.0.Key=x", "&Tags.member.2.Key=x",
  "&__proto__.x=1", "&UserName=a", "&a.member.999999=1", "&Tags.member.1=x", "&A=%ED%A0%80", "&A=%C0%80", "&A=%FF", "&A.B.C.D.E.F=1",
), 8);

function queryRequests(surface: string, service: string, version: string, seeds: ReadonlyArray<readonly [string, fc.Arbitrary<Json>]>): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...seeds).chain(([action, members]) => fc.record({
    members: members.chain((m) => mutated({ Action: action, Version: version, ...(m as Record<string, Json>) })),
    odd: oddPairs,
    inQuery: often(false, fc.constant(true), 12),
    headers: contentType("application/x-www-form-urlencoded; charset=utf-8"),
    h2,
  }).chain((r) => {
    const text = formText(formPairs(r.members)) + r.odd;
    const sent = r.inQuery ? fc.constant(Buffer.alloc(0)) : bytesOf(text);
    return sent.map((body): FuzzRequest => ({
      surface, op: action, method: "POST", path: r.inQuery ? `/?${text}` : "/", headers: r.inQuery ? {} : r.headers, body, service, h2: r.h2,
    }));
  }));
}


export function iamRequests(w: World): fc.Arbitrary<FuzzRequest> {
  const doc = documentText(policyDocument({ Effect: "Allow", Action: ["bedrock:ListFoundationModels"], Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": w.region } } }));
  const trust = documentText(policyDocument({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${w.account}:root` }, Action: "sts:AssumeRole" }));
  const user = "fuzz-user";
  const tags: Json = [{ Key: "team", Value: "fuzz" }];
  const k = (o: Json) => fc.constant(o);
  const seeds: Array<readonly [string, fc.Arbitrary<Json>]> = [
    ["CreateUser", k({ UserName: "fz-user", Path: "/fuzz/", Tags: tags })],
    ["GetUser", k({ UserName: user })],
    ["ListUsers", k({ PathPrefix: "/", MaxItems: 5 })],
    ["TagUser", k({ UserName: user, Tags: tags })],
    ["UntagUser", k({ UserName: user, TagKeys: ["team"] })],
    ["CreatePolicy", doc.map((d) => ({ PolicyName: "fz-policy", PolicyDocument: d, Description: "fuzz", Path: "/fuzz/", Tags: tags }))],
    ["CreatePolicyVersion", doc.map((d) => ({ PolicyArn: w.iamPolicyArn, PolicyDocument: d }))],
    ["PutUserPolicy", doc.map((d) => ({ UserName: user, PolicyName: "inline", PolicyDocument: d }))],
    ["GetUserPolicy", k({ UserName: user, PolicyName: "inline" })],
    ["CreateRole", trust.map((t) => ({ RoleName: "fz-role", AssumeRolePolicyDocument: t, MaxSessionDuration: 3600, Description: "fuzz" }))],
    ["CreateGroup", k({ GroupName: "fz-group", Path: "/" })],
    ["AddUserToGroup", k({ GroupName: "fuzz-group", UserName: user })],
    ["AttachUserPolicy", k({ UserName: user, PolicyArn: "arn:aws:iam::aws:policy/AmazonBedrockReadOnly" })],
    ["ListAttachedUserPolicies", k({ UserName: user })],
    ["CreateAccessKey", k({ UserName: user })],
    ["ListAccessKeys", k({ UserName: user })],
    ["CreateVirtualMFADevice", k({ VirtualMFADeviceName: "fz-mfa", Path: "/" })],
    ["SimulatePrincipalPolicy", k({ PolicySourceArn: w.userArn, ActionNames: ["bedrock:InvokeModel"], ResourceArns: ["*"], ContextEntries: [{ ContextKeyName: "aws:SourceIp", ContextKeyValues: ["10.0.0.1"], ContextKeyType: "ip" }] })],
    ["SimulateCustomPolicy", doc.map((d) => ({ PolicyInputList: [d], ActionNames: ["bedrock:ListFoundationModels"] }))],
  ];
  return queryRequests("iam", "iam", "2010-05-08", seeds);
}

export function stsRequests(w: World): fc.Arbitrary<FuzzRequest> {
  const session = documentText(policyDocument({ Effect: "Allow", Action: "bedrock:*", Resource: "*" }));
  return queryRequests("sts", "sts", "2011-06-15", [
    ["GetCallerIdentity", fc.constant({})],
    ["GetSessionToken", fc.constant({ DurationSeconds: 900 })],
    ["AssumeRole", session.map((p) => ({
      RoleArn: w.roleArn, RoleSessionName: "fuzz", DurationSeconds: 900, Tags: [{ Key: "team", Value: "fuzz" }], TransitiveTagKeys: ["team"],
      PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }], Policy: p, ExternalId: "ext-123456",
    }))],
  ]);
}

// ---- awsJson: Organizations ----

const TARGET = "AWSOrganizationsV20161128";

export function organizationsRequests(w: World): fc.Arbitrary<FuzzRequest> {
  const scp = documentText(policyDocument({ Effect: "Allow", Action: "*", Resource: "*" }));
  const tags: Json = [{ Key: "team", Value: "fuzz" }];
  const k = (o: Json) => fc.constant(o);
  const seeds: Array<readonly [string, fc.Arbitrary<Json>]> = [
    ["DescribeOrganization", k({})],
    ["ListRoots", k({ MaxResults: 5 })],
    ["ListAccounts", k({ MaxResults: 5 })],
    ["DescribeAccount", k({ AccountId: w.account })],
    ["CreateAccount", k({ AccountName: "Fuzz", Email: "fuzz@example.com", Tags: tags })],
    ["ListCreateAccountStatus", k({ States: ["SUCCEEDED"] })],
    ["CreatePolicy", scp.map((c) => ({ Content: c, Description: "fuzz", Name: "fz-scp", Type: "SERVICE_CONTROL_POLICY", Tags: tags }))],
    ["DescribePolicy", k({ PolicyId: w.scpId })],
    ["UpdatePolicy", scp.map((c) => ({ PolicyId: w.scpId, Name: "fuzz-scp", Description: "fuzz", Content: c }))],
    ["ListPolicies", k({ Filter: "SERVICE_CONTROL_POLICY", MaxResults: 5 })],
    ["AttachPolicy", k({ PolicyId: w.scpId, TargetId: w.rootId })],
    ["ListPoliciesForTarget", k({ TargetId: w.rootId, Filter: "SERVICE_CONTROL_POLICY" })],
    ["ListTargetsForPolicy", k({ PolicyId: w.scpId })],
    ["DeletePolicy", k({ PolicyId: "p-0000000000" })],
  ];
  const names = seeds.map(([name]) => name);
  return fc.constantFrom(...seeds).chain(([op, members]) => fc.record({
    body: members.chain(mutated).map(jsonText).chain(bytesOf),
    target: often(`${TARGET}.${op}`, fc.oneof(fc.constantFrom(...names).map((n) => `${TARGET}.${n}`),
      fc.constantFrom("", `${TARGET}.`, `${TARGET}.Nope`, `Other.${op}`, `${TARGET}.${op.toLowerCase()}`, `${TARGET}.${op}.${op}`)), 12),
    headers: contentType("application/x-amz-json-1.1"),
    h2,
  }).map((r): FuzzRequest => ({
    surface: "organizations", op, method: "POST", path: "/", headers: { ...r.headers, ...(r.target === "" ? {} : { "x-amz-target": r.target }) },
    body: r.body, service: "organizations", h2: r.h2,
  })));
}
