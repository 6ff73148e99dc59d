import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import { fault } from "../../kernel/index.js";
import type { FaultKind } from "../../kernel/index.js";
import { compilePolicy } from "../../policy/index.js";
import { openStore } from "../../store/index.js";
import type { ResourcePolicyStore } from "../../store/iam-port.js";
import { ResourcePolicyService, foundationModels, guardrails } from "./index.js";
import type { ResourcePolicyKind } from "./index.js";
import { MemoryResourcePolicies, catalogueOf } from "./store.fixture.js";
import { PolicyChangeNotifier } from "../policy-changes.js";

const REGION = "eu-west-2";
const MANAGEMENT = "111111111111";
const MEMBER = "222222222222";
const MODEL = "meta.llama3-1-8b-instruct-v1:0";
const MODEL_ARN = `arn:aws:bedrock:${REGION}::foundation-model/${MODEL}`;
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "OnlyTeam", Effect: "Deny", Principal: "*", Action: "bedrock:InvokeModel", Resource: MODEL_ARN, Condition: { StringNotEquals: { "aws:PrincipalAccount": MANAGEMENT } } }],
});

/** The member account's one guardrail, as the guardrail store answers for it. */
const guardrailStore = { get: async (accountId: string, guardrailId: string) => (accountId === MEMBER && guardrailId === "gr0abc" ? {} : undefined) };
const GUARDRAIL = `arn:aws:bedrock:${REGION}:${MEMBER}:guardrail/gr0abc`;

function setup(kinds: ResourcePolicyKind[] = [foundationModels(catalogueOf(MODEL)), guardrails(guardrailStore)], store: ResourcePolicyStore = new MemoryResourcePolicies()) {
  const service = new ResourcePolicyService({ changes: new PolicyChangeNotifier(),
    store, compile: compilePolicy, kinds, region: REGION,
    identity: { getManagementAccount: async () => ({ accountId: MANAGEMENT, name: "m", createdAt: new Date(0), isManagement: true }) },
  });
  return { store, service };
}

/** The real store (SQLite, temporary) with the management and a member account. */
async function realStore(t: TestContext): Promise<ResourcePolicyStore> {
  const dataDir = await mkdtemp(join(tmpdir(), "plinth-rp-test-"));
  const store = await openStore({ dataDir });
  t.after(async () => { await store.close(); await rm(dataDir, { recursive: true, force: true }); });
  await store.identity.createAccount({ accountId: MANAGEMENT, name: "m", createdAt: new Date(0), isManagement: true });
  await store.identity.createAccount({ accountId: MEMBER, name: "member", createdAt: new Date(0), isManagement: false });
  return store.resourcePolicies;
}

async function rejectsKind(p: Promise<unknown>, kind: FaultKind, field?: string): Promise<void> {
  await assert.rejects(p, (e: { kind?: string; detail?: { field?: string } }) => e.kind === kind && (field === undefined || e.detail?.field === field));
}

describe("Bedrock resource policies", () => {
  it("puts, gets and deletes the policy of a catalogue model; the authorizer reads it by ARN", async () => {
    const store = new MemoryResourcePolicies();
    const { service } = setup(undefined, store);
    const admin = { accountId: MANAGEMENT };
    assert.equal(await service.resourcePolicyFor(MODEL_ARN), undefined);
    assert.equal(await service.put(admin, MODEL_ARN, POLICY), MODEL_ARN);
    assert.deepEqual(store.rows.get(MODEL_ARN), { accountId: MANAGEMENT, document: POLICY });
    assert.equal(await service.get(admin, MODEL_ARN), POLICY);
    assert.deepEqual(await service.resourcePolicyFor(MODEL_ARN), { label: MODEL_ARN, document: POLICY });
    await service.delete(admin, MODEL_ARN);
    assert.equal(await service.resourcePolicyFor(MODEL_ARN), undefined);
    await rejectsKind(service.get(admin, MODEL_ARN), "not-found");
    await rejectsKind(service.delete(admin, MODEL_ARN), "not-found");
  });

  it("requires a Principal (a resource policy), and names the path of what is wrong", async () => {
    const { service } = setup();
    const noPrincipal = JSON.stringify({ Statement: [{ Effect: "Deny", Action: "bedrock:*", Resource: "*" }] });
    await assert.rejects(service.put({ accountId: MANAGEMENT }, MODEL_ARN, noPrincipal),
      (e: { kind?: string; message: string }) => e.kind === "malformed-policy" && e.message.includes("Statement[0]"));
  });

  it("unknown models, other regions and ARNs with an account are ResourceNotFound; other services and types are refused", async () => {
    const { service } = setup();
    const admin = { accountId: MANAGEMENT };
    await rejectsKind(service.put(admin, `arn:aws:bedrock:${REGION}::foundation-model/no.such-model-v1`, POLICY), "not-found");
    await rejectsKind(service.put(admin, `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`, POLICY), "not-found");
    await rejectsKind(service.put(admin, `arn:aws:bedrock:${REGION}:${MANAGEMENT}:foundation-model/${MODEL}`, POLICY), "not-found");
    await rejectsKind(service.put(admin, "arn:aws:s3:::bucket", POLICY), "validation", "resourceArn");
    await rejectsKind(service.put(admin, "not an arn", POLICY), "validation", "resourceArn");
    await rejectsKind(service.put(admin, `arn:aws:bedrock:${REGION}:${MANAGEMENT}:agent/abc`, POLICY), "validation", "resourceArn");
  });

  it("only the management account manages policies of shared foundation models; an account manages its own resources", async () => {
    const { service } = setup();
    await rejectsKind(service.put({ accountId: MEMBER }, MODEL_ARN, POLICY), "access-denied");
    await rejectsKind(service.get({ accountId: MEMBER }, MODEL_ARN), "access-denied");
    await service.put({ accountId: MEMBER }, GUARDRAIL, POLICY);
    await rejectsKind(service.delete({ accountId: MANAGEMENT }, GUARDRAIL), "access-denied");
    await rejectsKind(service.put({ accountId: MEMBER }, `arn:aws:bedrock:${REGION}:${MEMBER}:guardrail/other`, POLICY), "not-found");
  });

  it("a guardrail's policy is stored under its one ARN: every other spelling names no guardrail, and a version is refused by name", async () => {
    const store = new MemoryResourcePolicies();
    const { service } = setup(undefined, store);
    const member = { accountId: MEMBER };
    const cases: Array<[arn: string, kind: FaultKind, field?: string]> = [
      [`${GUARDRAIL}:1`, "validation", "resourceArn"],
      [`${GUARDRAIL}:DRAFT`, "validation", "resourceArn"],
      [GUARDRAIL.replace("gr0abc", "GR0ABC"), "not-found", "resourceArn"],
      [GUARDRAIL.replace(`:${REGION}:`, ":us-east-1:"), "not-found", "resourceArn"],
      [GUARDRAIL.replace(`:${MEMBER}:`, `:${MANAGEMENT}:`), "not-found", "resourceArn"],
      [GUARDRAIL.replace(`:${MEMBER}:`, "::"), "not-found", "resourceArn"],
      [`${GUARDRAIL}/`, "not-found", "resourceArn"],
      [GUARDRAIL.replace("gr0abc", ""), "not-found", "resourceArn"],
      [GUARDRAIL.replace("arn:aws:", "arn:aws-cn:"), "validation", "resourceArn"],
      [GUARDRAIL.replace(":guardrail/", ":Guardrail/"), "validation", "resourceArn"],
    ];
    for (const [arn, kind, field] of cases) {
      await rejectsKind(service.put(member, arn, POLICY), kind, field);
    }
    assert.equal(store.rows.size, 0, "nothing was stored under another spelling");
    assert.equal(await service.put(member, GUARDRAIL, POLICY), GUARDRAIL);
    await rejectsKind(service.get({ accountId: MANAGEMENT }, GUARDRAIL), "access-denied");
  });

  it("a catalogue failure other than not-found is not mistaken for an absent model", async () => {
    const broken = foundationModels({ resolve: () => { throw fault("service-unavailable", "down"); } });
    const { service } = setup([broken]);
    await rejectsKind(service.put({ accountId: MANAGEMENT }, MODEL_ARN, POLICY), "service-unavailable");
  });

  it("keeps an account's resource policy in the real store, owned by that account", async (t) => {
    const { service } = setup(undefined, await realStore(t));
    const guardrail = GUARDRAIL;
    await service.put({ accountId: MEMBER }, guardrail, POLICY);
    assert.deepEqual(await service.resourcePolicyFor(guardrail), { label: guardrail, document: POLICY });
    const replaced = POLICY.replace("OnlyTeam", "OnlyTeam2");
    await service.put({ accountId: MEMBER }, guardrail, replaced);
    assert.equal(await service.get({ accountId: MEMBER }, guardrail), replaced);
    await service.delete({ accountId: MEMBER }, guardrail);
    await rejectsKind(service.get({ accountId: MEMBER }, guardrail), "not-found");
  });

  it("keeps a foundation model's policy in the real store", async (t) => {
    const { service } = setup(undefined, await realStore(t));
    await service.put({ accountId: MANAGEMENT }, MODEL_ARN, POLICY);
    assert.equal(await service.get({ accountId: MANAGEMENT }, MODEL_ARN), POLICY);
  });
});
