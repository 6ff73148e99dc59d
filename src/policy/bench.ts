/**
 * Decisions per second and latency percentiles for a realistic policy set: an identity policy of
 * ten statements with conditions, two SCP levels, a permissions boundary. Called by `npm run bench`.
 */
import { compilePolicy } from "./compile.js";
import { evaluate } from "./evaluate.js";
import { loadIamCatalog } from "./catalog.js";
import type { AuthzRequest, CompiledPolicy, PolicyKind, PolicySet, ConditionValue } from "./types.js";

export interface PolicyBenchmark {
  readonly decisionsPerSecond: number;
  readonly p50us: number;
  readonly p99us: number;
}

const ACCOUNT = "111122223333";
const FM = "arn:aws:bedrock:us-east-1::foundation-model";
const GUARDRAIL = `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/gr1abc`;

const IDENTITY = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "InvokeClaude", Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: `${FM}/anthropic.*`,
      Condition: { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24", "2001:db8::/32"] }, Bool: { "aws:SecureTransport": "true" } } },
    { Sid: "InvokeTitan", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: `${FM}/amazon.titan-*`,
      Condition: { StringEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } } },
    { Sid: "RequireGuardrail", Effect: "Deny", Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], Resource: "*",
      Condition: { ArnNotEquals: { "bedrock:GuardrailIdentifier": [GUARDRAIL, `${GUARDRAIL}:*`] } } },
    { Sid: "RequireMfa", Effect: "Deny", Action: "bedrock:*", Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } },
    { Sid: "UntilEndOfYear", Effect: "Allow", Action: "bedrock:ApplyGuardrail", Resource: "*", Condition: { DateLessThan: { "aws:CurrentTime": "2030-12-31T23:59:59Z" } } },
    { Sid: "ReadCatalog", Effect: "Allow", Action: ["bedrock:List*", "bedrock:Get*"], Resource: "*" },
    { Sid: "OwnGuardrails", Effect: "Allow", Action: "bedrock:*Guardrail*", Resource: `arn:aws:bedrock:*:${ACCOUNT}:guardrail/*`,
      Condition: { StringEquals: { "aws:ResourceTag/team": "${aws:PrincipalTag/team}" } } },
    { Sid: "TagOnCreate", Effect: "Allow", Action: "bedrock:CreateGuardrail", Resource: "*",
      Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "cost-center"] } } },
    { Sid: "NoDeletes", Effect: "Deny", Action: "bedrock:Delete*", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalTag/role": "admin" } } },
    { Sid: "PrivateOnly", Effect: "Deny", Action: "bedrock:Invoke*", Resource: "*",
      Condition: { StringNotEqualsIfExists: { "aws:SourceVpce": ["vpce-1a2b3c4d", "vpce-9z8y7x6w"] }, Null: { "aws:SourceVpce": "false" } } },
  ],
};
const BOUNDARY = { Version: "2012-10-17", Statement: [{ Sid: "Cap", Effect: "Allow", Action: ["bedrock:*"], Resource: "*" }] };
const SCP_ROOT = { Version: "2012-10-17", Statement: [{ Sid: "FullAWSAccess", Effect: "Allow", Action: "*", Resource: "*" }] };
const SCP_ACCOUNT = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "AllowAll", Effect: "Allow", Action: "*", Resource: "*" },
    { Sid: "NoMeta", Effect: "Deny", Action: "bedrock:Invoke*", Resource: `${FM}/meta.*` },
    { Sid: "Regions", Effect: "Deny", NotAction: ["iam:*", "sts:*"], Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2", "eu-west-1"] } } },
  ],
};

function compiled(doc: unknown, kind: PolicyKind, label: string, catalog: ReturnType<typeof loadIamCatalog>): CompiledPolicy {
  const r = compilePolicy(doc, kind, label, { catalog });
  if (!r.ok) throw new Error(`benchmark policy ${label} does not compile: ${r.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  return r.policy;
}

function requests(): AuthzRequest[] {
  const principal = { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, isManagementAccount: false };
  const base: Array<[string, ConditionValue | ConditionValue[]]> = [
    ["aws:sourceip", "10.1.2.3"], ["aws:securetransport", true], ["aws:currenttime", "2026-11-24T10:00:00Z"],
    ["aws:epochtime", 1795514400], ["aws:requestedregion", "us-east-1"], ["aws:multifactorauthpresent", true],
    ["aws:principaltag/team", "search"], ["aws:username", "alice"], ["aws:principalarn", principal.arn],
  ];
  const make = (action: string, resource: string, extra: Array<[string, ConditionValue | ConditionValue[]]>): AuthzRequest => ({
    principal, action, resource, resourceAccount: resource.includes(`:${ACCOUNT}:`) ? ACCOUNT : "", context: new Map([...base, ...extra]),
  });
  return [
    make("bedrock:InvokeModel", `${FM}/anthropic.claude-3-haiku`, [["bedrock:guardrailidentifier", `${GUARDRAIL}:1`]]),
    make("bedrock:InvokeModel", `${FM}/anthropic.claude-3-haiku`, []),
    make("bedrock:InvokeModelWithResponseStream", `${FM}/amazon.titan-text`, [["bedrock:guardrailidentifier", GUARDRAIL]]),
    make("bedrock:InvokeModel", `${FM}/meta.llama3`, [["bedrock:guardrailidentifier", GUARDRAIL]]),
    make("bedrock:ListFoundationModels", "*", []),
    make("bedrock:GetGuardrail", GUARDRAIL, [["aws:resourcetag/team", "search"]]),
    make("bedrock:CreateGuardrail", "*", [["aws:tagkeys", ["team"]]]),
    make("bedrock:DeleteGuardrail", GUARDRAIL, []),
  ];
}

export async function runPolicyBenchmark(iterations = 200_000): Promise<PolicyBenchmark> {
  const catalog = loadIamCatalog();
  const set: PolicySet = {
    identity: [compiled(IDENTITY, "identity", "user/alice:inline/bedrock", catalog)],
    boundary: compiled(BOUNDARY, "boundary", "boundary", catalog),
    scpLevels: [[compiled(SCP_ROOT, "scp", "p-root", catalog)], [compiled(SCP_ACCOUNT, "scp", "p-account", catalog)]],
  };
  const reqs = requests();
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += evaluate(reqs[i % reqs.length] as AuthzRequest, set).matched.length;

  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += evaluate(reqs[i % reqs.length] as AuthzRequest, set).matched.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    sink += evaluate(reqs[i % reqs.length] as AuthzRequest, set).matched.length;
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  samples.sort();
  if (sink < 0) throw new Error("unreachable: keeps the loop from being optimised away");
  const at = (q: number): number => samples[Math.min(iterations - 1, Math.floor(q * iterations))] as number;
  return { decisionsPerSecond: Math.round(iterations / seconds), p50us: round(at(0.5)), p99us: round(at(0.99)) };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
