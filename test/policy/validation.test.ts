import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compilePolicy, loadIamCatalog, POLICY_SIZE_LIMITS } from "../../src/policy/index.js";
import type { CompileOptions, PolicyKind } from "../../src/policy/index.js";

const catalog = loadIamCatalog();
const V = "2012-10-17";
const stmt = (s: Record<string, unknown>): string => JSON.stringify({ Version: V, Statement: [s] });
const allow = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*", ...extra });
const cond = (c: Record<string, unknown>, action: unknown = "bedrock:InvokeModel"): string => stmt({ Effect: "Allow", Action: action, Resource: "*", Condition: c });
const trustStmt = (extra: Record<string, unknown> = {}): string => stmt({ Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "sts:AssumeRole", ...extra });

interface Case {
  readonly name: string;
  readonly kind?: PolicyKind;
  readonly doc: string | unknown;
  readonly options?: CompileOptions;
  /** Expected problems, all of them, in order: [path, message]. Absent: the policy must compile. */
  readonly errors?: ReadonlyArray<readonly [string, RegExp]>;
  /** Warnings that must be among those reported on success. */
  readonly warnings?: ReadonlyArray<readonly [string, RegExp]>;
}

const CASES: Case[] = [
  // The document
  { name: "malformed json", doc: "{\"Version\": \"2012-10-17\",", errors: [["", /^invalid json at character 26: expected a key in quotes$/]] },
  { name: "a repeated key (JSON.parse would keep the last silently)", doc: `{"Version":"${V}","Statement":[{"Effect":"Allow","Action":"bedrock:InvokeModel","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}}]}`,
    errors: [["Statement[0].Condition.IpAddress", /^duplicate key$/]] },
  { name: "a list instead of an object", doc: "[]", errors: [["", /^a policy must be a JSON object$/]] },
  { name: "an unknown top-level element", doc: { Version: V, Statement: [allow()], Statment: [] }, errors: [["Statment", /^unknown policy element$/]] },
  { name: "an unknown version", doc: { Version: "2012-10-18", Statement: [allow()] }, errors: [["Version", /^Version must be "2012-10-17" or "2008-10-17"$/]] },
  { name: "no Statement", doc: { Version: V }, errors: [["Statement", /^the policy has no Statement$/]] },
  { name: "an empty Statement list", doc: { Version: V, Statement: [] }, errors: [["Statement", /^the policy has no statements$/]] },
  { name: "a statement that is not an object", doc: { Version: V, Statement: [allow(), "Allow"] }, errors: [["Statement[1]", /^a statement must be an object$/]] },
  { name: "a character IAM refuses", doc: stmt(allow({ Sid: "Caf\u00e9\u2615" })), errors: [["", /^character U\+2615 is not allowed/], ["Statement[0].Sid", /may hold only letters and digits/]] },
  { name: "Latin-1 letters are allowed in IAM policies (outside Sids)", doc: stmt(allow({ Condition: { StringEquals: { "aws:PrincipalTag/name": "Ren\u00e9e" } } })) },
  { name: "resource policies are not held to IAM's character set", kind: "resource", doc: stmt({ Effect: "Allow", Principal: "*", Action: "bedrock:ApplyGuardrail", Sid: "\u2615 coffee" }) },
  // Size
  { name: "over the size limit given", doc: stmt(allow()), options: { maxLength: 60 }, errors: [["", /^the policy is \d+ characters \(not counting white space\), over the limit of 60$/]] },
  { name: "IAM does not count white space", doc: JSON.stringify({ Version: V, Statement: [allow()] }, null, 40), options: { maxLength: 110 } },
  { name: "Organizations counts every character of an SCP", kind: "scp", doc: JSON.stringify({ Version: V, Statement: [allow()] }, null, 40), options: { maxLength: 100 },
    errors: [["", /^the policy is \d+ characters, over the limit of 100$/]] },
  { name: "an SCP of 5,120 characters is at the limit", kind: "scp", doc: padded(POLICY_SIZE_LIMITS.scp) },
  { name: "an SCP of 5,121 characters is over it", kind: "scp", doc: padded(POLICY_SIZE_LIMITS.scp + 1), errors: [["", /^the policy is 5121 characters, over the limit of 5120$/]] },
  // Statement elements
  { name: "an unknown statement element", doc: stmt(allow({ Principals: "*" })), errors: [["Statement[0].Principals", /^unknown statement element$/]] },
  { name: "element names are case-sensitive", doc: stmt({ effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" }),
    errors: [["Statement[0].effect", /^unknown statement element$/], ["Statement[0].Effect", /^the statement has no Effect$/]] },
  { name: "an Effect other than Allow or Deny", doc: stmt(allow({ Effect: "allow" })), errors: [["Statement[0].Effect", /^Effect must be "Allow" or "Deny"$/]] },
  { name: "both Action and NotAction", doc: stmt(allow({ NotAction: "s3:*" })), errors: [["Statement[0].NotAction", /^a statement cannot have both Action and NotAction$/]] },
  { name: "neither Action nor NotAction", doc: stmt({ Effect: "Allow", Resource: "*" }), errors: [["Statement[0].Action", /^the statement has no Action or NotAction$/]] },
  { name: "an action without its service", doc: stmt(allow({ Action: ["InvokeModel"] })), errors: [["Statement[0].Action[0]", /^an action must be written service:action$/]] },
  { name: "an unknown service", doc: stmt(allow({ Action: "bedrok:InvokeModel" })), errors: [["Statement[0].Action", /^unknown service$/]] },
  { name: "an action pattern matching no action", doc: stmt(allow({ Action: ["bedrock:InvokeModel", "bedrock:Invoke*Foo"] })), errors: [["Statement[0].Action[1]", /^no bedrock action matches this action pattern$/]] },
  { name: "Converse is not an IAM action (it is authorised as InvokeModel)", doc: stmt(allow({ Action: "bedrock:Converse" })), errors: [["Statement[0].Action", /^no bedrock action matches this action pattern$/]] },
  { name: "a variable in Action", doc: stmt(allow({ Action: "bedrock:${aws:username}" })), errors: [["Statement[0].Action", /^policy variables are not allowed in Action$/]] },
  { name: "action entries that are not strings", doc: stmt(allow({ Action: ["bedrock:InvokeModel", 7] })), errors: [["Statement[0].Action[1]", /^Action entries must be strings$/]] },
  { name: "no Resource in an identity policy", doc: stmt({ Effect: "Allow", Action: "bedrock:InvokeModel" }), errors: [["Statement[0].Resource", /^the statement has no Resource or NotResource$/]] },
  { name: "a resource that is not an ARN", doc: stmt(allow({ Resource: ["my-bucket"] })), errors: [["Statement[0].Resource[0]", /^a resource must be "\*" or an arn$/]] },
  { name: "an ARN with too few components", doc: stmt(allow({ Resource: "arn:aws:bedrock:us-east-1" })), errors: [["Statement[0].Resource", /fewer than six ':'-separated components$/]] },
  { name: "an ARN service in upper case", doc: stmt(allow({ Resource: "arn:aws:Bedrock:*:*:*" })), errors: [["Statement[0].Resource", /^the arn's service must be lower-case$/]] },
  { name: "a variable before the resource part of an ARN", doc: stmt(allow({ Resource: "arn:aws:bedrock:*:${aws:PrincipalAccount}:guardrail/*" })), errors: [["Statement[0].Resource", /only in the resource part of an arn/]] },
  { name: "a variable in a 2008-10-17 policy", doc: JSON.stringify({ Version: "2008-10-17", Statement: [allow({ Resource: "arn:aws:s3:::b/${aws:username}" })] }), errors: [["Statement[0].Resource", /^policy variables need "Version": "2012-10-17"$/]] },
  { name: "a malformed variable", doc: stmt(allow({ Resource: "arn:aws:s3:::b/${aws:username" })), errors: [["Statement[0].Resource", /^policy variable is missing its closing '\}'$/]] },
  { name: "a variable with a space", doc: stmt(allow({ Resource: "arn:aws:s3:::b/${ aws:username}" })), errors: [["Statement[0].Resource", /^policy variable name contains a space$/]] },
  { name: "a default without quotes", doc: stmt(allow({ Resource: "arn:aws:s3:::b/${aws:username, nobody}" })), errors: [["Statement[0].Resource", /^policy variable default must be in single quotes$/]] },
  // Sids
  { name: "an IAM Sid with a hyphen", doc: stmt(allow({ Sid: "Allow-Invoke" })), errors: [["Statement[0].Sid", /^Sid may hold only letters and digits$/]] },
  { name: "resource policies take any Sid", kind: "resource", doc: stmt({ Sid: "Allow invoke (team)", Effect: "Allow", Principal: "*", Action: "bedrock:ApplyGuardrail" }) },
  { name: "a repeated Sid in an identity policy", doc: JSON.stringify({ Version: V, Statement: [allow({ Sid: "A" }), allow({ Sid: "A" })] }), errors: [["Statement[1].Sid", /^Sid repeats that of statement 0$/]] },
  { name: "a repeated Sid in a resource policy is only a warning", kind: "resource", doc: JSON.stringify({ Version: V, Statement: [{ Sid: "A", Effect: "Allow", Principal: "*", Action: "bedrock:ApplyGuardrail" }, { Sid: "A", Effect: "Deny", Principal: "*", Action: "bedrock:GetGuardrail" }] }),
    warnings: [["Statement[1].Sid", /repeats/]] },
  // Principals
  { name: "a Principal in an identity policy", doc: stmt(allow({ Principal: "*" })), errors: [["Statement[0].Principal", /^a identity policy cannot have Principal$|^an? identity policy cannot have Principal$/]] },
  { name: "a Principal in an SCP", kind: "scp", doc: stmt(allow({ Principal: { AWS: "*" } })), errors: [["Statement[0].Principal", /cannot have Principal$/]] },
  { name: "no Principal in a resource policy", kind: "resource", doc: stmt(allow()), errors: [["Statement[0].Principal", /^the statement has no Principal or NotPrincipal$/]] },
  { name: "NotPrincipal in a trust policy", kind: "trust", doc: stmt({ Effect: "Allow", NotPrincipal: { AWS: "111122223333" }, Action: "sts:AssumeRole" }), errors: [["Statement[0].NotPrincipal", /^a trust policy cannot have NotPrincipal$/]] },
  { name: "a Resource in a trust policy", kind: "trust", doc: trustStmt({ Resource: "*" }), errors: [["Statement[0].Resource", /^a trust policy cannot have Resource$/]] },
  { name: "a wildcard inside a principal ARN", kind: "resource", doc: stmt({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:user/*" }, Action: "bedrock:ApplyGuardrail" }),
    errors: [["Statement[0].Principal.AWS", /^wildcards cannot match part of a principal/]] },
  { name: "a principal that is not an account or an ARN", kind: "resource", doc: stmt({ Effect: "Allow", Principal: { AWS: ["111122223333", "alice"] }, Action: "bedrock:ApplyGuardrail" }),
    errors: [["Statement[0].Principal.AWS[1]", /^a principal must be an account id or the arn of an account, user, role or session$/]] },
  { name: "an unknown principal type", kind: "resource", doc: stmt({ Effect: "Allow", Principal: { User: "alice" }, Action: "bedrock:ApplyGuardrail" }),
    errors: [["Statement[0].Principal.User", /^unknown principal type; use AWS, Service, Federated or CanonicalUser$/]] },
  { name: "principal forms AWS accepts", kind: "resource", doc: stmt({ Effect: "Allow", Action: "bedrock:ApplyGuardrail", Principal: { AWS: ["111122223333", "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/path/alice", "arn:aws:iam::111122223333:role/dev", "arn:aws:sts::111122223333:assumed-role/dev/app1"], Service: "bedrock.amazonaws.com" } }) },
  { name: "NotPrincipal with Allow is accepted with a warning", kind: "resource", doc: stmt({ Effect: "Allow", NotPrincipal: { AWS: "111122223333" }, Action: "bedrock:ApplyGuardrail" }),
    warnings: [["Statement[0].NotPrincipal", /grants to everyone not listed/]] },
  // SCPs and resource policies
  { name: "SCPs take the full IAM language except Principal", kind: "scp", doc: JSON.stringify({ Version: V, Statement: [
    { Effect: "Allow", NotAction: "iam:*", NotResource: "arn:aws:s3:::secret/*", Condition: { StringEquals: { "aws:PrincipalTag/team": "a" } } },
    { Effect: "Deny", Action: "bedrock:*Model*", Resource: "arn:aws:bedrock:*::foundation-model/meta.*" }] }) },
  { name: "a resource policy statement may leave out Resource", kind: "resource", doc: stmt({ Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "bedrock:ApplyGuardrail" }) },
  // Conditions
  { name: "a Condition that is not an object", doc: stmt(allow({ Condition: ["StringEquals"] })), errors: [["Statement[0].Condition", /^Condition must be an object of operators$/]] },
  { name: "an unknown operator", doc: cond({ StringEqual: { "aws:username": "a" } }), errors: [["Statement[0].Condition.StringEqual", /^unknown condition operator$/]] },
  { name: "an unknown set operator", doc: cond({ "ForSomeValues:StringEquals": { "aws:TagKeys": "a" } }), errors: [["Statement[0].Condition.ForSomeValues:StringEquals", /^unknown set operator;/]] },
  { name: "Null with IfExists", doc: cond({ NullIfExists: { "aws:TokenIssueTime": "true" } }), errors: [["Statement[0].Condition.NullIfExists", /^the Null operator cannot take IfExists$/]] },
  { name: "a condition key without its service", doc: cond({ IpAddress: { SourceIp: "10.0.0.0/8" } }), errors: [["Statement[0].Condition.IpAddress.SourceIp", /^a condition key must be written service:name$/]] },
  { name: "an unknown global condition key", doc: cond({ IpAddress: { "aws:SourceIP4": "10.0.0.0/8" } }), errors: [["Statement[0].Condition.IpAddress.aws:SourceIP4", /^unknown global condition key$/]] },
  { name: "a tag key family without its tag key", doc: cond({ StringEquals: { "aws:PrincipalTag/": "a" } }), errors: [["Statement[0].Condition.StringEquals.aws:PrincipalTag/", /needs a tag key after '\/'$/]] },
  { name: "an unknown service condition key", doc: cond({ StringEquals: { "bedrock:GuardrailId": "a" } }), errors: [["Statement[0].Condition.StringEquals.bedrock:GuardrailId", /^unknown condition key$/]] },
  { name: "a service key no action of the statement supports", doc: cond({ ArnEquals: { "bedrock:GuardrailIdentifier": "arn:aws:bedrock:us-east-1:111122223333:guardrail/g" } }, "bedrock:ListFoundationModels"),
    errors: [["Statement[0].Condition.ArnEquals.bedrock:GuardrailIdentifier", /^no action in this statement supports this condition key$/]] },
  { name: "a service key supported by one of the statement's actions", doc: cond({ ArnEquals: { "bedrock:GuardrailIdentifier": "arn:aws:bedrock:us-east-1:111122223333:guardrail/g" } }, ["bedrock:ListFoundationModels", "bedrock:Invoke*"]) },
  { name: "keys documented under another service (saml: under sts)", kind: "trust", doc: trustStmt({ Condition: { StringEquals: { "saml:sub": "alice", "sts:ExternalId": "x1" } } }) },
  { name: "an invalid IP range", doc: cond({ IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "10.0.0.0/40"] } }), errors: [["Statement[0].Condition.IpAddress.aws:SourceIp[1]", /^expected an IPv4 or IPv6 address or CIDR range$/]] },
  { name: "an invalid date", doc: cond({ DateLessThan: { "aws:CurrentTime": "31/12/2026" } }), errors: [["Statement[0].Condition.DateLessThan.aws:CurrentTime", /^expected an ISO 8601 date or epoch seconds$/]] },
  { name: "an invalid number", doc: cond({ NumericLessThan: { "aws:MultiFactorAuthAge": "1h" } }), errors: [["Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge", /^expected a number$/]] },
  { name: "an invalid boolean", doc: cond({ Bool: { "aws:SecureTransport": "yes" } }), errors: [["Statement[0].Condition.Bool.aws:SecureTransport", /^expected true or false$/]] },
  { name: "invalid base64", doc: cond({ BinaryEquals: { "aws:PrincipalTag/b": "not base64!" } }), errors: [["Statement[0].Condition.BinaryEquals.aws:PrincipalTag/b", /^expected base64-encoded bytes$/]] },
  { name: "a variable with a numeric operator", doc: cond({ NumericLessThan: { "aws:MultiFactorAuthAge": "${aws:PrincipalTag/maxage}" } }), errors: [["Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge", /^policy variables cannot be used with NumericLessThan$/]] },
  { name: "a variable naming a multi-valued key", doc: cond({ StringEquals: { "aws:PrincipalTag/team": "${aws:TagKeys}" } }), errors: [["Statement[0].Condition.StringEquals.aws:PrincipalTag/team", /names a multi-valued key/]] },
  { name: "the same condition key twice but for case", doc: cond({ IpAddress: { "aws:SourceIp": "10.0.0.0/8", "AWS:SOURCEIP": "0.0.0.0/0" } }), errors: [["Statement[0].Condition.IpAddress.AWS:SOURCEIP", /^condition key repeats another but for case$/]] },
  { name: "the same operator twice but for case", doc: cond({ StringEquals: { "aws:username": "a" }, stringequals: { "aws:username": "b" } }), errors: [["Statement[0].Condition.stringequals", /^condition operator repeats another but for case$/]] },
  { name: "a condition value that is an object", doc: cond({ StringEquals: { "aws:username": { name: "a" } } }), errors: [["Statement[0].Condition.StringEquals.aws:username", /^condition values must be strings, numbers or booleans$/]] },
  { name: "a key that does not look like a name is placed, not repeated", doc: cond({ StringEquals: { "aws:PrincipalTag/cost centre": "x" } }), errors: [["Statement[0].Condition.StringEquals.<key>", /^no action|^unknown|^a condition key/]] },
  { name: "several problems are all reported, each at its path", doc: JSON.stringify({ Version: V, Statement: [allow({ Effect: "Permit" }), allow({ Resource: "nope", Condition: { Bool: { "aws:SecureTransport": "maybe" } } })] }),
    errors: [["Statement[0].Effect", /Effect must be/], ["Statement[1].Resource", /must be "\*" or an arn/], ["Statement[1].Condition.Bool.aws:SecureTransport", /expected true or false/]] },
  // Accepted, with warnings (AWS accepts these; Access Analyzer flags them)
  { name: "no Version", doc: { Statement: [allow()] }, warnings: [["Version", /no Version/]] },
  { name: "an operator that does not suit the key's type", doc: cond({ StringLike: { "aws:CurrentTime": "2026-*" } }), warnings: [["Statement[0].Condition.StringLike.aws:CurrentTime", /StringLike does not suit aws:CurrentTime, a key of type Date/]] },
  { name: "ForAllValues on a single-valued key", doc: cond({ "ForAllValues:StringEquals": { "aws:username": "a" } }), warnings: [["Statement[0].Condition.ForAllValues:StringEquals.aws:username", /single-valued/]] },
  { name: "a multi-valued key without a set operator", doc: cond({ StringEquals: { "aws:TagKeys": "a" } }, "bedrock:CreateGuardrail"), warnings: [["Statement[0].Condition.StringEquals.aws:TagKeys", /multi-valued/]] },
  { name: "an unknown variable name", doc: stmt(allow({ Resource: "arn:aws:s3:::b/${aws:usrname}/*" })), warnings: [["Statement[0].Resource", /not a known condition key/]] },
  { name: "an empty list of condition values", doc: cond({ StringEquals: { "aws:username": [] } }), warnings: [["Statement[0].Condition.StringEquals.aws:username", /empty list of values/]] },
  { name: "condition operators are read without regard to case", doc: cond({ stringequals: { "aws:username": "a" }, "forallvalues:stringlikeifexists": { "aws:TagKeys": "a*" } }, ["bedrock:InvokeModel", "bedrock:CreateGuardrail"]) },
  { name: "a policy given as an object rather than text", doc: { Version: V, Statement: allow() } },
];

function padded(size: number): string {
  const base = JSON.stringify({ Version: V, Statement: [{ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*", Sid: "" }] });
  return base.replace("\"Sid\":\"\"", `"Sid":"${"x".repeat(size - base.length)}"`);
}

describe("policy validation (problems name their path in the document)", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const r = compilePolicy(c.doc, c.kind ?? "identity", "p", { catalog, ...c.options });
      if (c.errors) {
        assert.equal(r.ok, false, "the policy must be refused");
        const problems = r.ok ? [] : r.problems;
        assert.deepEqual(problems.map((p) => p.path), c.errors.map(([path]) => path), JSON.stringify(problems));
        c.errors.forEach(([, message], i) => assert.match(problems[i]?.message ?? "", message));
        return;
      }
      assert.ok(r.ok, `the policy must compile: ${JSON.stringify(!r.ok && r.problems)}`);
      for (const [path, message] of c.warnings ?? []) {
        assert.ok(r.warnings.some((w) => w.path === path && message.test(w.message)), `expected warning at ${path}: ${JSON.stringify(r.warnings)}`);
      }
    });
  }

  it("messages are lower-case except where they start with a policy element or operator name", () => {
    for (const c of CASES) {
      const r = compilePolicy(c.doc, c.kind ?? "identity", "p", { catalog, ...c.options });
      for (const p of r.ok ? r.warnings : r.problems) {
        assert.match(p.message, /^([a-z]|(Version|Id|Statement|Sid|Effect|Action|Resource|Condition|Bool|StringLike|Principal|NotPrincipal)\b)/, p.message);
      }
    }
  });

  it("a plinth-defined service and condition key is accepted once listed in the catalog", () => {
    const own = loadIamCatalog([{ prefix: "plinth", actions: ["ReadAudit"], conditionKeys: { "plinth:ClientCertificateSubject": "String" } }]);
    const doc = cond({ StringEquals: { "plinth:ClientCertificateSubject": "CN=alice" } }, "plinth:ReadAudit");
    const r = compilePolicy(doc, "identity", "p", { catalog: own });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.equal(compilePolicy(doc, "identity", "p", { catalog }).ok, false, "unknown without the entry");
  });

  it("compiles without a catalog given (reading the package data itself)", () => {
    const r = compilePolicy(stmt(allow()), "identity", "p");
    assert.ok(r.ok);
    assert.equal(r.policy.statementCount, 1);
    assert.equal(r.policy.kind, "identity");
  });
});
