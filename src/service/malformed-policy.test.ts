import { describe, it } from "node:test";
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import { isFault } from "../kernel/index.js";
import { compilePolicy, loadIamCatalog } from "../policy/index.js";
import { validatePolicy } from "./iam/policy-check.js";
import { MANAGEMENT, startedService } from "./organizations/store.fixture.js";
import { SCP } from "./organizations/index.js";
import { ResourcePolicyService, foundationModels } from "./resource-policies/index.js";
import { MemoryResourcePolicies, catalogueOf } from "./resource-policies/store.fixture.js";
import { checkInlinePolicy } from "./sts/session-policies.js";
import { PolicyChangeNotifier } from "./policy-changes.js";

/**
 * MalformedPolicyDocument answers on every surface that takes a policy (IAM, STS session
 * policies, Organizations SCPs, Bedrock resource policies) say where in the document the problem
 * is, never what was found there: the value is the caller's text and travels on into error
 * answers, SDK exceptions and logs.
 */
const SECRET = "SECRETsk4f9Q";
const catalog = loadIamCatalog();
const MODEL = "meta.llama3-1-8b-instruct-v1:0";
const MODEL_ARN = `arn:aws:bedrock:eu-west-2::foundation-model/${MODEL}`;

type Statement = Record<string, unknown>;
const base = (extra: Statement): Statement => ({ Effect: "Deny", Action: "bedrock:InvokeModel", Resource: "*", ...extra });

/** [what the document gets wrong, the statement, the path the refusal must name]. */
const CASES: ReadonlyArray<readonly [string, Statement, string]> = [
  ["an action without its service", base({ Action: `${SECRET}-InvokeModel` }), "Statement[0].Action"],
  ["an unknown service", base({ Action: `${SECRET.toLowerCase()}:Get` }), "Statement[0].Action"],
  ["an action pattern that matches nothing", base({ Action: `bedrock:${SECRET}*` }), "Statement[0].Action"],
  ["a resource that is not an ARN", base({ Resource: `${SECRET}-bucket` }), "Statement[0].Resource"],
  ["an ARN with too few parts", base({ Resource: `arn:aws:${SECRET}` }), "Statement[0].Resource"],
  ["an ARN service in upper case", base({ Resource: `arn:aws:${SECRET}:eu-west-2:111122223333:x` }), "Statement[0].Resource"],
  ["a boolean that is not one", base({ Condition: { Bool: { "aws:SecureTransport": SECRET } } }), "Statement[0].Condition.Bool.aws:SecureTransport"],
  ["an address that is not one", base({ Condition: { IpAddress: { "aws:SourceIp": SECRET } } }), "Statement[0].Condition.IpAddress.aws:SourceIp"],
  ["a date that is not one", base({ Condition: { DateLessThan: { "aws:CurrentTime": SECRET } } }), "Statement[0].Condition.DateLessThan.aws:CurrentTime"],
  ["a number that is not one", base({ Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": SECRET } } }), "Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge"],
  ["an unknown statement element that is not a name", base({ [`my ${SECRET}`]: "x" }), "Statement[0].<key>"],
  ["a Sid IAM refuses", base({ Sid: `${SECRET}-1` }), "Statement[0].Sid"],
];

const document = (statement: Statement, principal: boolean): string =>
  JSON.stringify({ Version: "2012-10-17", Statement: [principal ? { Principal: { AWS: "111122223333" }, ...statement } : statement] });

/** Each surface's refusal of a document, as the message its API answers with. */
const SURFACES: ReadonlyArray<readonly [string, boolean, (t: TestContext, doc: string) => Promise<unknown>]> = [
  ["IAM (PutUserPolicy, CreatePolicy, ...)", false, async (_t, doc) => validatePolicy(catalog, doc, "identity", "user/alice:inline/p")],
  ["STS session policy", false, async (_t, doc) => checkInlinePolicy(doc, [], catalog)],
  ["Organizations SCP", false, async (t, doc) => {
    const { service } = await startedService(t);
    return service.policies.create({ accountId: MANAGEMENT }, { name: "p", description: "", content: doc, type: SCP, tags: [] });
  }],
  ["Bedrock resource policy", true, async (_t, doc) => new ResourcePolicyService({ changes: new PolicyChangeNotifier(),
    store: new MemoryResourcePolicies(), compile: compilePolicy, kinds: [foundationModels(catalogueOf(MODEL))], region: "eu-west-2",
    identity: { getManagementAccount: async () => ({ accountId: MANAGEMENT, name: "m", createdAt: new Date(0), isManagement: true }) },
  }).put({ accountId: MANAGEMENT }, MODEL_ARN, doc)],
];

describe("MalformedPolicyDocument says where, not what", () => {
  for (const [surface, principal, refuse] of SURFACES) {
    describe(surface, () => {
      for (const [name, statement, path] of CASES) {
        // Organizations SCPs take any Sid: that case is IAM's and STS's rule only.
        if (name === "a Sid IAM refuses" && (surface.startsWith("Organizations") || surface.startsWith("Bedrock"))) continue;
        it(name, async (t) => {
          const error = await refuse(t, document(statement, principal)).then(() => undefined, (e: unknown) => e);
          assert.ok(isFault(error) && error.kind === "malformed-policy", `expected a malformed-policy fault, got ${String(error)}`);
          assert.ok(error.message.includes(path), `the refusal names ${path}: ${error.message}`);
          assert.ok(!error.message.toLowerCase().includes(SECRET.toLowerCase()), `the refusal repeats the document: ${error.message}`);
        });
      }
    });
  }
});
