/**
 * Random policy sets and requests for the property and differential tests: a small vocabulary of
 * real actions, resources, principals and conditions, so that random statements often apply.
 */
import fc from "fast-check";
import { compilePolicy, loadIamCatalog } from "../../src/policy/index.js";
import type { AuthzRequest, CompiledPolicy, ConditionValue, PolicyKind, PolicySet } from "../../src/policy/index.js";
import { PRINCIPALS } from "./corpus.js";

const catalog = loadIamCatalog();

export type Statement = Record<string, unknown>;
export interface Docs {
  identity: Statement[][];
  boundary?: Statement[];
  session?: Statement[][];
  scp?: Statement[][][];
  resource?: Statement[];
}

export const ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:GetGuardrail", "bedrock:ListFoundationModels", "s3:GetObject"];
const ACTION_PATTERNS = [...ACTIONS, "bedrock:*", "bedrock:Invoke*", "*", "s3:*", "bedrock:Get*", "bedrock:?etGuardrail"];
export const RESOURCES = [
  "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku",
  "arn:aws:bedrock:us-west-2::foundation-model/meta.llama3",
  "arn:aws:bedrock:us-east-1:111122223333:guardrail/gr1",
  "arn:aws:s3:::bucket/alice/key",
  "*",
];
const RESOURCE_PATTERNS = ["*", "arn:aws:bedrock:*::foundation-model/*", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.*", "arn:aws:bedrock:*:111122223333:guardrail/*", "arn:aws:s3:::bucket/${aws:username}/*", "arn:aws:s3:::bucket/*"];
export const CONDITIONS: Statement[] = [
  { StringEquals: { "aws:username": "alice" } },
  { StringNotEquals: { "aws:username": ["bob", "carol"] } },
  { StringLike: { "aws:PrincipalTag/team": "bl*" } },
  { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"] } },
  { NotIpAddress: { "aws:SourceIp": "10.1.0.0/16" } },
  { Bool: { "aws:SecureTransport": "true" } },
  { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
  { DateLessThan: { "aws:CurrentTime": "2026-06-01T00:00:00Z" } },
  { NumericLessThanEquals: { "aws:MultiFactorAuthAge": 3600 } },
  { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } },
  { "ForAnyValue:StringLike": { "aws:TagKeys": "te*" } },
  { Null: { "aws:TokenIssueTime": "true" } },
  { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:*" } },
  { StringEqualsIgnoreCase: { "aws:RequestedRegion": "US-EAST-1" } },
];
const RESOURCE_PRINCIPALS = ["*", { AWS: PRINCIPALS["alice"]?.arn }, { AWS: "111122223333" }, { AWS: "arn:aws:iam::111122223333:role/dev" }, { AWS: "arn:aws:iam::111122223333:user/bob" }];

export const statement = (withPrincipal: boolean, denyWeight = 1): fc.Arbitrary<Statement> => fc.record({
  effect: fc.oneof({ weight: 1, arbitrary: fc.constant("Allow") }, { weight: denyWeight, arbitrary: fc.constant("Deny") }),
  notAction: fc.boolean(),
  actions: fc.subarray(ACTION_PATTERNS, { minLength: 1, maxLength: 3 }),
  notResource: fc.boolean(),
  resources: fc.subarray(RESOURCE_PATTERNS, { minLength: 1, maxLength: 2 }),
  conditions: fc.subarray(CONDITIONS, { maxLength: 2 }),
  principal: fc.constantFrom(...RESOURCE_PRINCIPALS),
}).map((s) => ({
  Effect: s.effect,
  [s.notAction ? "NotAction" : "Action"]: s.actions,
  [s.notResource ? "NotResource" : "Resource"]: s.resources,
  ...(s.conditions.length > 0 ? { Condition: Object.assign({}, ...s.conditions) } : {}),
  ...(withPrincipal ? { Principal: s.principal } : {}),
}));

export const policy = (withPrincipal = false, denyWeight = 1): fc.Arbitrary<Statement[]> => fc.array(statement(withPrincipal, denyWeight), { minLength: 1, maxLength: 4 });

/** Random policy sets; a lower deny weight makes sets that allow more often (for properties about allowed requests). */
export const docsOf = (denyWeight: number): fc.Arbitrary<Docs> => fc.record({
  identity: fc.array(policy(false, denyWeight), { maxLength: 3 }),
  boundary: fc.option(policy(false, denyWeight), { nil: undefined }),
  session: fc.option(fc.array(policy(false, denyWeight), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  scp: fc.option(fc.array(fc.array(policy(false, denyWeight), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  resource: fc.option(policy(true, denyWeight), { nil: undefined }),
}, { requiredKeys: ["identity"] });
export const docsArb = docsOf(1);

export const contextArb: fc.Arbitrary<Map<string, ConditionValue | readonly ConditionValue[]>> = fc.record({
  "aws:username": fc.option(fc.constantFrom("alice", "bob"), { nil: undefined }),
  "aws:principaltag/team": fc.option(fc.constantFrom("blue", "red"), { nil: undefined }),
  "aws:sourceip": fc.option(fc.constantFrom("10.1.2.3", "10.2.0.1", "192.0.2.1", "2001:db8::7"), { nil: undefined }),
  "aws:securetransport": fc.boolean(),
  "aws:multifactorauthpresent": fc.option(fc.boolean(), { nil: undefined }),
  "aws:multifactorauthage": fc.option(fc.integer({ min: 0, max: 7200 }), { nil: undefined }),
  "aws:currenttime": fc.constantFrom("2026-01-01T00:00:00Z", "2026-11-24T10:00:00Z"),
  "aws:tagkeys": fc.option(fc.subarray(["team", "env", "owner"]), { nil: undefined }),
  "aws:tokenissuetime": fc.option(fc.constant("2026-01-01T00:00:00Z"), { nil: undefined }),
  "aws:principalarn": fc.constantFrom("arn:aws:iam::111122223333:user/alice", "arn:aws:iam::444455556666:user/x"),
  "aws:requestedregion": fc.constantFrom("us-east-1", "eu-west-1"),
}).map((r) => new Map(Object.entries(r).filter(([, v]) => v !== undefined) as Array<[string, ConditionValue | readonly ConditionValue[]]>));

/** Requests by the named principals (see corpus.ts). */
export const requestOf = (principals: readonly string[]): fc.Arbitrary<AuthzRequest> => fc.record({
  principal: fc.constantFrom(...principals),
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  context: contextArb,
}).map((r) => ({
  principal: PRINCIPALS[r.principal] as AuthzRequest["principal"],
  action: r.action,
  resource: r.resource,
  resourceAccount: r.resource.split(":")[4] ?? "",
  context: r.context,
}));
export const requestArb = requestOf(["alice", "bob", "dev-session", "root", "mgmt-admin", "partner-bob"]);

/** Each action with the resources AWS authorises it on, for engines that check the pairing. */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["bedrock:InvokeModel", RESOURCES[0] as string], ["bedrock:InvokeModel", RESOURCES[1] as string],
  ["bedrock:InvokeModelWithResponseStream", RESOURCES[0] as string], ["bedrock:GetGuardrail", RESOURCES[2] as string],
  ["bedrock:ListFoundationModels", "*"], ["s3:GetObject", RESOURCES[3] as string],
];

/** Requests whose action and resource belong together, without request-specific keys (aws:TagKeys). */
export const pairedRequestOf = (principals: readonly string[]): fc.Arbitrary<AuthzRequest> =>
  fc.tuple(requestOf(principals), fc.constantFrom(...PAIRS)).map(([r, [action, resource]]) => {
    const context = new Map(r.context);
    context.delete("aws:tagkeys");
    return { ...r, action, resource, resourceAccount: resource.split(":")[4] ?? "", context };
  });

/** Compiled policies by content, so properties that retry many inputs stay quick. */
const compiled = new Map<string, CompiledPolicy>();

export function compileOne(statements: Statement[], kind: PolicyKind, label: string, fresh = false): CompiledPolicy {
  const key = `${kind} ${label} ${JSON.stringify(statements)}`;
  const hit = fresh ? undefined : compiled.get(key);
  if (hit) return hit;
  const r = compilePolicy({ Version: "2012-10-17", Statement: statements }, kind, label, { catalog, maxLength: 100_000 });
  if (!r.ok) throw new Error(`${label}: ${JSON.stringify(r.problems)}`);
  if (!fresh) compiled.set(key, r.policy);
  return r.policy;
}

export function compileDocs(d: Docs, fresh = false): PolicySet {
  return {
    identity: d.identity.map((p, i) => compileOne(p, "identity", `identity[${i}]`, fresh)),
    ...(d.boundary ? { boundary: compileOne(d.boundary, "boundary", "boundary", fresh) } : {}),
    ...(d.session ? { session: d.session.map((p, i) => compileOne(p, "session", `session[${i}]`, fresh)) } : {}),
    ...(d.scp ? { scpLevels: d.scp.map((level, l) => level.map((p, i) => compileOne(p, "scp", `scp[${l}][${i}]`, fresh))) } : {}),
    ...(d.resource ? { resource: compileOne(d.resource, "resource", "resource", fresh) } : {}),
  };
}

export type Place = "identity" | "boundary" | "session" | "scp" | "resource";
export const placeArb = fc.constantFrom<Place>("identity", "boundary", "session", "scp", "resource");

/** Adds a statement to one policy of the given kind (creating the policy where there is none). */
export function withStatement(d: Docs, place: Place, s: Statement): Docs {
  const copy: Docs = structuredClone(d);
  switch (place) {
    case "identity": copy.identity = copy.identity.length > 0 ? [[...copy.identity[0] as Statement[], s], ...copy.identity.slice(1)] : [[s]]; break;
    case "boundary": copy.boundary = [...(copy.boundary ?? []), s]; break;
    case "session": copy.session = copy.session ? [[...copy.session[0] as Statement[], s], ...copy.session.slice(1)] : [[s]]; break;
    case "scp": copy.scp = copy.scp ? copy.scp.map((level) => [[...level[0] as Statement[], s], ...level.slice(1)]) : [[[s]]]; break;
    case "resource": copy.resource = [...(copy.resource ?? []), { ...s, Principal: "*" }]; break;
  }
  return copy;
}

/** Only the places where adding a policy cannot itself newly restrict (a new boundary or session policy would). */
export function existing(d: Docs, place: Place): boolean {
  return place === "identity" || place === "resource" || (place === "boundary" && d.boundary !== undefined)
    || (place === "session" && d.session !== undefined) || (place === "scp" && d.scp !== undefined);
}

