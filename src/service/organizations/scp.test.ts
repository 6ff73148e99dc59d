import { describe, it } from "node:test";
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import { FULL_AWS_ACCESS, SCP, SCP_MAX_CHARACTERS } from "./index.js";
import { rejectsWith } from "./expect.fixture.js";
import { MANAGEMENT, startedService } from "./store.fixture.js";

const admin = { accountId: MANAGEMENT };
const DENY_ANTHROPIC = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "NoClaude", Effect: "Deny", Action: "bedrock:InvokeModel*", Resource: "arn:aws:bedrock:*::foundation-model/anthropic.*" }] });
const scp = (name: string, content = DENY_ANTHROPIC) => ({ name, description: `${name} policy`, content, type: SCP, tags: [] });

async function started(t: TestContext) {
  const { store, service, org } = await startedService(t);
  const member = (await service.accounts.create(admin, { accountName: "member", email: "member@example.com", tags: [] })).accountId!;
  return { store, service, org, member };
}

describe("CreatePolicy, DescribePolicy, UpdatePolicy, DeletePolicy, ListPolicies", () => {
  it("creates an SCP with an id and ARN of AWS's shapes, and lists it beside FullAWSAccess", async (t) => {
    const { service, org } = await started(t);
    const p = await service.policies.create(admin, scp("no-claude"));
    assert.match(p.policyId, /^p-[a-z0-9]{8}$/);
    assert.equal(p.arn, `arn:aws:organizations::${MANAGEMENT}:policy/${org.organizationId}/service_control_policy/${p.policyId}`);
    assert.deepEqual(await service.policies.describe(admin, p.policyId), p);
    const listed = await service.policies.list(admin, SCP, {});
    assert.deepEqual(listed.items.map((x) => x.name).sort(), ["FullAWSAccess", "no-claude"]);
    assert.deepEqual((await service.policies.list(admin, "TAG_POLICY", {})).items, []);
  });

  it("refuses other policy types, oversized and malformed documents, and duplicate names", async (t) => {
    const { service } = await started(t);
    await rejectsWith(service.policies.create(admin, { ...scp("t"), type: "TAG_POLICY" }), "policy-type-not-available");
    const big = JSON.stringify({ Statement: [{ Effect: "Deny", Action: "*", Resource: "x".repeat(SCP_MAX_CHARACTERS) }] });
    await rejectsWith(service.policies.create(admin, scp("big", big)), "constraint-violation", "POLICY_CONTENT_LIMIT_EXCEEDED");
    await assert.rejects(service.policies.create(admin, scp("bad", '{"Statement":[{"Effect":"Perhaps","Action":"*"}]}')),
      (e: Error & { detail?: { reason?: string } }) => e.detail?.reason === "malformed-policy" && e.message.includes("Statement[0].Effect"));
    await service.policies.create(admin, scp("once"));
    await rejectsWith(service.policies.create(admin, scp("once")), "duplicate-policy");
  });

  it("updates name, description and content (validated), and refuses a name another policy has", async (t) => {
    const { service } = await started(t);
    const a = await service.policies.create(admin, scp("a"));
    await service.policies.create(admin, scp("b"));
    const allow = JSON.stringify({ Statement: { Effect: "Allow", Action: "*", Resource: "*" } });
    const updated = await service.policies.update(admin, { policyId: a.policyId, name: "a2", description: "d", content: allow });
    assert.deepEqual({ name: updated.name, description: updated.description, content: updated.content }, { name: "a2", description: "d", content: allow });
    assert.deepEqual(await service.policies.describe(admin, a.policyId), updated);
    await rejectsWith(service.policies.update(admin, { policyId: a.policyId, name: "b" }), "duplicate-policy");
    await rejectsWith(service.policies.update(admin, { policyId: a.policyId, content: "{}" }), "malformed-policy");
    await rejectsWith(service.policies.update(admin, { policyId: "p-00000000" }), "policy-not-found");
  });

  it("FullAWSAccess can be neither changed nor deleted (IMMUTABLE_POLICY)", async (t) => {
    const { service } = await started(t);
    await rejectsWith(service.policies.update(admin, { policyId: FULL_AWS_ACCESS.policyId, name: "x" }), "invalid-input", "IMMUTABLE_POLICY");
    await rejectsWith(service.policies.delete(admin, FULL_AWS_ACCESS.policyId), "invalid-input", "IMMUTABLE_POLICY");
  });

  it("deletes a detached policy; an attached one is PolicyInUseException, an unknown one PolicyNotFoundException", async (t) => {
    const { service, org } = await started(t);
    const p = await service.policies.create(admin, scp("p"));
    await service.attachments.enableType(admin, org.rootId, SCP);
    await service.attachments.attach(admin, p.policyId, org.rootId);
    await rejectsWith(service.policies.delete(admin, p.policyId), "policy-in-use");
    await service.attachments.detach(admin, p.policyId, org.rootId);
    await service.policies.delete(admin, p.policyId);
    await rejectsWith(service.policies.describe(admin, p.policyId), "policy-not-found");
    await rejectsWith(service.policies.delete(admin, p.policyId), "policy-not-found");
  });
});

describe("EnablePolicyType, AttachPolicy, DetachPolicy and the SCP levels the authorizer reads", () => {
  it("until SCPs are enabled nothing is attached, AttachPolicy is PolicyTypeNotEnabledException and no level applies", async (t) => {
    const { service, org, member } = await started(t);
    const p = await service.policies.create(admin, scp("p"));
    await rejectsWith(service.attachments.attach(admin, p.policyId, member), "policy-type-not-enabled");
    assert.deepEqual(await service.scpLevelsFor(member), []);
    assert.deepEqual((await service.listRoots(admin, {})).items[0]?.enabledPolicyTypes, []);
    await rejectsWith(service.attachments.disableType(admin, org.rootId, SCP), "policy-type-not-enabled");
  });

  it("enabling attaches FullAWSAccess to the root and every account, and to accounts created later", async (t) => {
    const { service, org, member } = await started(t);
    const root = await service.attachments.enableType(admin, org.rootId, SCP);
    assert.deepEqual(root.enabledPolicyTypes, [SCP]);
    await rejectsWith(service.attachments.enableType(admin, org.rootId, SCP), "policy-type-already-enabled");
    const targets = await service.attachments.listTargets(admin, FULL_AWS_ACCESS.policyId, {});
    assert.deepEqual(new Set(targets.items.map((t) => t.targetId)), new Set([org.rootId, MANAGEMENT, member]));
    assert.deepEqual(targets.items.find((t) => t.targetId === org.rootId), { targetId: org.rootId, arn: `arn:aws:organizations::${MANAGEMENT}:root/${org.organizationId}/${org.rootId}`, name: "Root", type: "ROOT" });
    const later = (await service.accounts.create(admin, { accountName: "later", email: "later@example.com", tags: [] })).accountId!;
    assert.deepEqual((await service.attachments.listForTarget(admin, later, SCP, {})).items.map((p) => p.policyId), [FULL_AWS_ACCESS.policyId]);
  });

  it("gives the authorizer the root's SCPs, then the account's; none for the management account", async (t) => {
    const { service, org, member } = await started(t);
    await service.attachments.enableType(admin, org.rootId, SCP);
    const p = await service.policies.create(admin, scp("no-claude"));
    await service.attachments.attach(admin, p.policyId, member);
    const levels = await service.scpLevelsFor(member);
    assert.deepEqual(levels.map((level) => level.map((d) => d.label).sort()), [[FULL_AWS_ACCESS.arn], [FULL_AWS_ACCESS.arn, p.arn].sort()]);
    assert.equal(levels[1]!.find((d) => d.label === p.arn)?.document, DENY_ANTHROPIC);
    assert.deepEqual(await service.scpLevelsFor(MANAGEMENT), []);
  });

  it("refuses duplicate attachments, unknown targets and policies, and more than five SCPs on a target", async (t) => {
    const { service, org, member } = await started(t);
    await service.attachments.enableType(admin, org.rootId, SCP);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await service.policies.create(admin, scp(`p${i}`))).policyId);
    await rejectsWith(service.attachments.attach(admin, FULL_AWS_ACCESS.policyId, member), "duplicate-policy-attachment");
    await rejectsWith(service.attachments.attach(admin, ids[0]!, "999999999999"), "target-not-found");
    await rejectsWith(service.attachments.attach(admin, ids[0]!, "ou-abcd-12345678"), "target-not-found");
    await rejectsWith(service.attachments.attach(admin, ids[0]!, "r-zzzz"), "target-not-found");
    await rejectsWith(service.attachments.attach(admin, "p-00000000", member), "policy-not-found");
    for (const id of ids.slice(0, 4)) await service.attachments.attach(admin, id, member);
    await rejectsWith(service.attachments.attach(admin, ids[4]!, member), "constraint-violation", "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
  });

  it("detaches; refuses a policy that is not attached and the last SCP of a target", async (t) => {
    const { service, org, member } = await started(t);
    await service.attachments.enableType(admin, org.rootId, SCP);
    const p = await service.policies.create(admin, scp("p"));
    await rejectsWith(service.attachments.detach(admin, p.policyId, member), "policy-not-attached");
    await rejectsWith(service.attachments.detach(admin, FULL_AWS_ACCESS.policyId, member), "constraint-violation", "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
    await service.attachments.attach(admin, p.policyId, member);
    await service.attachments.detach(admin, FULL_AWS_ACCESS.policyId, member);
    assert.deepEqual((await service.attachments.listForTarget(admin, member, SCP, {})).items.map((x) => x.policyId), [p.policyId]);
    assert.deepEqual((await service.attachments.listForTarget(admin, member, "TAG_POLICY", {})).items, []);
  });

  it("disabling detaches every SCP everywhere; enabling again starts from FullAWSAccess alone", async (t) => {
    const { store, service, org, member } = await started(t);
    await service.attachments.enableType(admin, org.rootId, SCP);
    const p = await service.policies.create(admin, scp("p"));
    await service.attachments.attach(admin, p.policyId, member);
    const root = await service.attachments.disableType(admin, org.rootId, SCP);
    assert.deepEqual(root.enabledPolicyTypes, []);
    for (const policy of await store.organization.listPolicies()) assert.deepEqual(await store.organization.listTargetsForPolicy(policy.policyId), []);
    assert.deepEqual(await service.scpLevelsFor(member), []);
    await service.attachments.enableType(admin, org.rootId, SCP);
    assert.deepEqual((await service.scpLevelsFor(member)).map((l) => l.map((d) => d.label)), [[FULL_AWS_ACCESS.arn], [FULL_AWS_ACCESS.arn]]);
  });

  it("EnablePolicyType on another root is RootNotFoundException; for another type PolicyTypeNotAvailableForOrganizationException", async (t) => {
    const { service, org } = await started(t);
    await rejectsWith(service.attachments.enableType(admin, "r-zzzz", SCP), "root-not-found");
    await rejectsWith(service.attachments.enableType(admin, org.rootId, "TAG_POLICY"), "policy-type-not-available");
  });
});
