import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Fault } from "../../kernel/index.js";
import { OrganizationsFault } from "../../service/organizations/index.js";
import { decodeAttachment, decodeCreateAccount, decodeCreatePolicy, decodePage, decodeStates, decodeTargetFilter, decodeTags } from "./decode.js";
import { readBody } from "./members.js";
import { organizationsProtocol } from "./protocol.js";

/** Refusals carry the model's InvalidInputException / ConstraintViolationException Reason and name the member. */
function refuses(f: () => unknown, code: string, reason: string | undefined, field?: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof Fault);
    assert.equal(JSON.parse(organizationsProtocol.error(e, "req").body).__type, code, e.message);
    assert.equal(e instanceof OrganizationsFault ? e.qualifier : undefined, reason);
    if (field !== undefined) assert.equal(e.detail.field, field);
    return true;
  });
}

const account = { AccountName: "Research", Email: "research@example.com" };
const body = (o: unknown) => Buffer.from(JSON.stringify(o));

describe("Organizations request decoding", () => {
  it("reads CreateAccount, with RoleName and tags", () => {
    assert.deepEqual(decodeCreateAccount({ ...account, RoleName: "OrgAccess", IamUserAccessToBilling: "ALLOW", Tags: [{ Key: "team", Value: "ml" }] }),
      { accountName: "Research", email: "research@example.com", roleName: "OrgAccess", tags: [{ key: "team", value: "ml" }] });
  });

  it("refuses CreateAccount members outside the model's constraints", () => {
    refuses(() => decodeCreateAccount({ AccountName: "x" }), "InvalidInputException", "INPUT_REQUIRED", "Email");
    refuses(() => decodeCreateAccount({ ...account, Email: "not-an-email" }), "InvalidInputException", "INVALID_PATTERN", "Email");
    refuses(() => decodeCreateAccount({ ...account, Email: "a@b.c" }), "InvalidInputException", "MIN_LENGTH_EXCEEDED", "Email");
    refuses(() => decodeCreateAccount({ ...account, AccountName: "x".repeat(51) }), "InvalidInputException", "MAX_LENGTH_EXCEEDED", "AccountName");
    refuses(() => decodeCreateAccount({ ...account, AccountName: "tab\there" }), "InvalidInputException", "INVALID_PATTERN", "AccountName");
    refuses(() => decodeCreateAccount({ ...account, RoleName: "has space" }), "InvalidInputException", "INVALID_PATTERN", "RoleName");
    refuses(() => decodeCreateAccount({ ...account, RoleName: "AWSServiceRoleForX" }), "InvalidInputException", "INVALID_ROLE_NAME", "RoleName");
    refuses(() => decodeCreateAccount({ ...account, IamUserAccessToBilling: "MAYBE" }), "InvalidInputException", "INVALID_ENUM", "IamUserAccessToBilling");
    refuses(() => decodeCreateAccount({ ...account, AccountName: 7 }), "InvalidInputException", undefined, "AccountName");
  });

  it("refuses tags the model refuses: too many, duplicate keys, the aws: prefix, bad characters", () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    refuses(() => decodeTags({ Tags: many }), "ConstraintViolationException", "MAX_TAG_LIMIT_EXCEEDED");
    refuses(() => decodeTags({ Tags: [{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }] }), "InvalidInputException", "DUPLICATE_TAG_KEY", "Tags.2.Key");
    refuses(() => decodeTags({ Tags: [{ Key: "aws:owner", Value: "1" }] }), "InvalidInputException", "INVALID_SYSTEM_TAGS_PARAMETER", "Tags.1.Key");
    refuses(() => decodeTags({ Tags: [{ Key: "a", Value: "semi;colon" }] }), "InvalidInputException", "INVALID_PATTERN", "Tags.1.Value");
    refuses(() => decodeTags({ Tags: [{ Value: "1" }] }), "InvalidInputException", "INPUT_REQUIRED", "Tags.1.Key");
    assert.deepEqual(decodeTags({ Tags: [{ Key: "Équipe", Value: "" }] }), [{ key: "Équipe", value: "" }]);
  });

  it("reads policy members and refuses bad ids, targets, types and pages", () => {
    assert.deepEqual(decodeCreatePolicy({ Content: "{}", Description: "", Name: "n", Type: "SERVICE_CONTROL_POLICY" }),
      { content: "{}", description: "", name: "n", type: "SERVICE_CONTROL_POLICY", tags: [] });
    refuses(() => decodeCreatePolicy({ Content: "{}", Description: "", Name: "n", Type: "SCP" }), "InvalidInputException", "INVALID_ENUM_POLICY_TYPE", "Type");
    refuses(() => decodeCreatePolicy({ Content: "", Description: "", Name: "n", Type: "SERVICE_CONTROL_POLICY" }), "InvalidInputException", "MIN_LENGTH_EXCEEDED", "Content");
    refuses(() => decodeCreatePolicy({ Content: "{}", Description: "d".repeat(513), Name: "n", Type: "SERVICE_CONTROL_POLICY" }), "InvalidInputException", "MAX_LENGTH_EXCEEDED", "Description");
    refuses(() => decodeAttachment({ PolicyId: "p-1", TargetId: "r-abcd" }), "InvalidInputException", "INVALID_SYNTAX_POLICY_ID", "PolicyId");
    refuses(() => decodeAttachment({ PolicyId: "p-abcdefgh", TargetId: "12345" }), "InvalidInputException", "INVALID_PATTERN_TARGET_ID", "TargetId");
    assert.deepEqual(decodeTargetFilter({ TargetId: "ou-abcd-12345678", Filter: "TAG_POLICY" }), { targetId: "ou-abcd-12345678", filter: "TAG_POLICY" });
    refuses(() => decodePage({ MaxResults: 0 }), "InvalidInputException", "MIN_VALUE_EXCEEDED", "MaxResults");
    refuses(() => decodePage({ MaxResults: 21 }), "InvalidInputException", "MAX_VALUE_EXCEEDED", "MaxResults");
    refuses(() => decodePage({ MaxResults: 2.5 }), "InvalidInputException", undefined, "MaxResults");
    refuses(() => decodeStates({ States: ["SUCCEEDED", "DONE"] }), "InvalidInputException", "INVALID_LIST_MEMBER", "States.2");
    assert.deepEqual(decodePage({ MaxResults: 20, NextToken: "t" }), { maxResults: 20, nextToken: "t" });
  });

  it("reads only a JSON object of known members; null members are absent", () => {
    assert.deepEqual(readBody(Buffer.alloc(0), undefined, [], "DescribeOrganizationRequest"), {});
    assert.deepEqual(readBody(body({ NextToken: null }), "application/x-amz-json-1.1", ["NextToken"], "ListRootsRequest"), { NextToken: null });
    refuses(() => readBody(body({ Bogus: 1 }), undefined, ["NextToken"], "ListRootsRequest"), "InvalidInputException", undefined, "body");
    assert.throws(() => readBody(body([]), undefined, [], "X"), (e: Fault) => e.kind === "validation");
    assert.throws(() => readBody(Buffer.from("{"), undefined, [], "X"), (e: Fault) => e.kind === "validation" && !e.message.includes("{"));
    assert.throws(() => readBody(body({}), "text/plain", [], "X"), (e: Fault) => e.kind === "unsupported-media-type");
  });
});

describe("Organizations error replies", () => {
  it("write __type, Message (and message) and Reason as the model names them", () => {
    const f = new OrganizationsFault("service-quota-exceeded", "constraint-violation", "too many", { qualifier: "POLICY_NUMBER_LIMIT_EXCEEDED" });
    const reply = organizationsProtocol.error(f, "req");
    assert.equal(reply.status, 400);
    assert.equal(reply.headers["x-amzn-errortype"], "ConstraintViolationException");
    assert.deepEqual(JSON.parse(reply.body), { __type: "ConstraintViolationException", message: "too many", Message: "too many", Reason: "POLICY_NUMBER_LIMIT_EXCEEDED" });
  });

  it("map plain faults by kind, and a domain reason to the exception the model names for it", () => {
    const code = (f: Fault) => JSON.parse(organizationsProtocol.error(f, "req").body).__type;
    assert.equal(code(new Fault("access-denied", "no")), "AccessDeniedException");
    assert.equal(code(new Fault("validation", "bad")), "InvalidInputException");
    assert.equal(code(new Fault("malformed-policy", "bad")), "MalformedPolicyDocumentException");
    assert.equal(code(new Fault("throttling", "slow down")), "TooManyRequestsException");
    assert.equal(code(new Fault("not-found", "x", { reason: "account-not-found" })), "AccountNotFoundException");
    const internal = organizationsProtocol.error(new Fault("internal", "An internal error occurred."), "req");
    assert.deepEqual([internal.status, JSON.parse(internal.body).__type], [500, "ServiceException"]);
    assert.equal(organizationsProtocol.target?.({ header: () => "AWSOrganizationsV20161128.ListRoots", signedHeader: () => "AWSOrganizationsV20161128.ListRoots", rawQuery: "", body: Buffer.alloc(0) }), "ListRoots");
    assert.equal(organizationsProtocol.target?.({ header: () => "TrentService.ListKeys", signedHeader: () => "TrentService.ListKeys", rawQuery: "", body: Buffer.alloc(0) }), undefined);
  });
});
