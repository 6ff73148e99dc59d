import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import { Fault, fixedClock } from "../../kernel/index.js";
import type { GuardrailPolicies } from "../../guardrails/config.js";
import { openStore } from "../../store/index.js";
import type { Store } from "../../store/index.js";
import { GuardrailControl, MAX_VERSIONS_PER_GUARDRAIL } from "./control.js";
import { guardrailContext } from "./sealing.js";

const POLICIES: GuardrailPolicies = {
  words: [{ text: "secret-word", inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true }],
  blockedInputMessaging: "no", blockedOutputsMessaging: "no",
};
const ACCOUNT = "210987654321";
const kind = (e: unknown): string => (e instanceof Fault ? e.kind : String(e));
/** This box reaches no customer keys (control-keys.test.ts covers them): naming one is never asked. */
const keys = { resolve: async () => { throw new Fault("not-found", "no keys here"); }, assertUsable: async () => undefined };

describe("GuardrailControl over a real store and secret box", () => {
  let dir: string;
  let store: Store;
  const box = new EnvelopeSecretBox(rootKeyring(new RootKey(randomBytes(32))));
  const validated: GuardrailPolicies[] = [];
  let control: GuardrailControl;
  before(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), "plinth-guardrails-"));
    store = await openStore({ dataDir: dir });
    await store.identity.createAccount({ accountId: ACCOUNT, name: "a", createdAt: new Date(), isManagement: false });
    control = new GuardrailControl({ store: store.guardrails, box, clock: fixedClock(new Date("2025-07-01T10:00:00.000Z")), region: "eu-west-2", validate: (p) => void validated.push(p), keys });
  });
  after(async () => { await store?.close(); await fs.rm(dir, { recursive: true, force: true }); });

  it("the configuration is stored only sealed, bound to account, ARN and version", async () => {
    const id = control.newId();
    const { arn } = await control.create(ACCOUNT, id, { name: "sealed", policies: POLICIES, tags: [] });
    const row = (await store.guardrails.get(ACCOUNT, id))!;
    assert.ok(!Buffer.from(row.sealed).includes("secret-word"), "no plaintext in the row");
    await box.open(row.sealed, guardrailContext(ACCOUNT, arn, "DRAFT"));
    await assert.rejects(box.open(row.sealed, guardrailContext(ACCOUNT, arn, "1")));
    await assert.rejects(box.open(row.sealed, guardrailContext(ACCOUNT, control.arn(ACCOUNT, "otherguardrl"), "DRAFT")));
    await assert.rejects(box.open(row.sealed, guardrailContext("123456789012", arn, "DRAFT")));
  });

  it("deleting a whole guardrail (not a version) tells the authorizer its resource policy is gone", async () => {
    const gone: string[] = [];
    const told = new GuardrailControl({ store: store.guardrails, box, clock: fixedClock(new Date("2025-07-01T10:00:00.000Z")), region: "eu-west-2", validate: () => {}, keys, policyGone: (arn) => void gone.push(arn) });
    const id = told.newId();
    const { arn } = await told.create(ACCOUNT, id, { name: "shared", policies: POLICIES, tags: [] });
    await told.createVersion(await told.target(id, ACCOUNT), undefined);
    await told.delete(await told.target(id, ACCOUNT), "1");
    assert.deepEqual(gone, [], "a version's deletion leaves the guardrail and its policy");
    await told.delete(await told.target(id, ACCOUNT), undefined);
    assert.deepEqual(gone, [arn]);
  });

  it("the validator sees every configuration before it is stored, and its refusal stores nothing", async () => {
    const refusing = new GuardrailControl({
      store: store.guardrails, box, clock: fixedClock(new Date()), region: "eu-west-2", keys,
      validate: () => { throw new Fault("validation", "unsafe regex", { field: "sensitiveInformationPolicyConfig.regexesConfig.0.pattern" }); },
    });
    const id = refusing.newId();
    await assert.rejects(refusing.create(ACCOUNT, id, { name: "refused", policies: POLICIES, tags: [] }), (e) => kind(e) === "validation");
    assert.equal(await store.guardrails.get(ACCOUNT, id), undefined);
    const before = validated.length;
    await control.create(ACCOUNT, control.newId(), { name: "validated", policies: POLICIES, tags: [] });
    assert.deepEqual(validated.slice(before), [POLICIES]);
  });

  it("resolveForInference carries the guardrail's tags as its row has them now (a session reads them from there)", async () => {
    const id = control.newId();
    const { arn } = await control.create(ACCOUNT, id, { name: "tagged-resolve", policies: POLICIES, tags: [{ key: "team", value: "a" }] });
    assert.deepEqual((await control.resolveForInference(ACCOUNT, arn, "DRAFT")).tags, [{ key: "team", value: "a" }]);
    await control.createVersion(await control.target(arn, ACCOUNT), undefined);
    await control.tag(ACCOUNT, id, [{ key: "plinth:redact-and-restore", value: "true" }]);
    assert.deepEqual((await control.resolveForInference(ACCOUNT, arn, "1")).tags, [{ key: "team", value: "a" }, { key: "plinth:redact-and-restore", value: "true" }]);
    await control.untag(ACCOUNT, id, ["plinth:redact-and-restore"]);
    assert.deepEqual((await control.resolveForInference(ACCOUNT, arn, "1")).tags, [{ key: "team", value: "a" }]);
  });

  it("resolveForInference: id or ARN; revision is updatedAt for DRAFT (moving on each update) and the number for a version; others are not found", async () => {
    const id = control.newId();
    const { arn } = await control.create(ACCOUNT, id, { name: "resolved", policies: POLICIES, tags: [] });
    const draft = await control.resolveForInference(ACCOUNT, id, "DRAFT");
    assert.deepEqual([draft.arn, draft.guardrailId, draft.version, draft.policies], [arn, id, "DRAFT", POLICIES]);
    await control.createVersion(await control.target(id, ACCOUNT), undefined);
    // The clock stands still: the revision must move all the same.
    await control.update(await control.target(arn, ACCOUNT), { name: "resolved", policies: { ...POLICIES, blockedInputMessaging: "changed" } });
    const moved = await control.resolveForInference(ACCOUNT, arn, "DRAFT");
    assert.notEqual(moved.revision, draft.revision);
    assert.equal(moved.policies.blockedInputMessaging, "changed");
    const v1 = await control.resolveForInference(ACCOUNT, arn, "1");
    assert.deepEqual([v1.revision, v1.policies], ["1", POLICIES]);
    for (const [identifier, version] of [[id, "2"], [id, "latest"], ["nosuchguardr", "DRAFT"], [`arn:aws:bedrock:eu-west-2:123456789012:guardrail/${id}`, "DRAFT"], [`arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/${id}`, "1"]] as const) {
      await assert.rejects(control.resolveForInference(ACCOUNT, identifier, version), (e) => kind(e) === "not-found", `${identifier} ${version}`);
    }
    await assert.rejects(control.resolveForInference("123456789012", id, "DRAFT"), (e) => kind(e) === "not-found");
  });

  it(`a guardrail takes at most ${MAX_VERSIONS_PER_GUARDRAIL} versions: the next is a service-quota-exceeded Fault`, async () => {
    const id = control.newId();
    await control.create(ACCOUNT, id, { name: "many", policies: POLICIES, tags: [] });
    const target = await control.target(id, ACCOUNT);
    for (let i = 0; i < MAX_VERSIONS_PER_GUARDRAIL; i++) await control.createVersion(target, undefined);
    await assert.rejects(control.createVersion(target, undefined), (e) => kind(e) === "service-quota-exceeded");
  });
});
