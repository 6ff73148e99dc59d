import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvelopeSecretBox, RootKey, rootKeyring } from "../../crypto/index.js";
import { Fault, fixedClock, sensitive } from "../../kernel/index.js";
import type { RequestContext, RequestNotes } from "../../kernel/index.js";
import type { GuardrailPolicies } from "../../guardrails/config.js";
import type { Evaluation } from "../../guardrails/ports.js";
import { standInFacts } from "../../guardrails/evaluator.fixture.js";
import { openStore } from "../../store/index.js";
import type { GuardrailStore, Store } from "../../store/index.js";
import { GuardrailControl } from "./control.js";
import type { GuardrailEngine } from "./engine.js";
import { GuardrailRuntime } from "./runtime.js";

/**
 * A guarded call reads its guardrail once: what authorisation read (useOf, enforcedFor) is what
 * the same request's inference opens, over a real store and secret box. Another request reads
 * afresh, so a deleted version or an edited DRAFT is seen by the next request at once.
 */
const ACCOUNT = "210987654321";
const policies = (word: string): GuardrailPolicies => ({
  words: [{ text: word, inputAction: "BLOCK", outputAction: "BLOCK", inputEnabled: true, outputEnabled: true }],
  blockedInputMessaging: "no", blockedOutputsMessaging: "no",
});
const keys = { resolve: async () => { throw new Fault("not-found", "no keys here"); }, assertUsable: async () => undefined };

/** The policies' one word, as the session's evaluation sees the compiled guardrail. */
const evaluated: string[] = [];
const engine: GuardrailEngine<GuardrailPolicies> = {
  compile: (p) => p,
  scanner: () => { throw new Error("not streamed here"); },
  evaluate: async (g, source): Promise<Evaluation> => {
    evaluated.push(g.words![0]!.text);
    return {
      action: "NONE", blocked: false, outputs: sensitive([]), assessment: sensitive({}),
      usage: { topicPolicyUnits: 0, contentPolicyUnits: 0, wordPolicyUnits: 1, sensitiveInformationPolicyUnits: 0, sensitiveInformationPolicyFreeUnits: 0, contextualGroundingPolicyUnits: 0 },
      facts: standInFacts("NONE", source),
    };
  },
};

function request(accountId = ACCOUNT): RequestContext {
  const notes: RequestNotes = {};
  return { signal: new AbortController().signal, notes, receivedAt: new Date(), principal: { accountId } } as unknown as RequestContext;
}

const conversation = { system: [], messages: [{ role: "user" as const, content: [{ type: "text" as const, text: "hello" }] }] };

describe("a guarded call resolves its guardrail once", () => {
  let dir: string;
  let store: Store;
  /** Reads of the guardrail store's rows, by method. */
  const reads = { get: 0, getVersion: 0, getWithVersion: 0 };
  let control: GuardrailControl;
  let runtime: GuardrailRuntime<GuardrailPolicies>;
  let enforced: { identifier: string; version: string }[] = [];
  before(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), "plinth-resolved-once-"));
    store = await openStore({ dataDir: dir });
    await store.identity.createAccount({ accountId: ACCOUNT, name: "a", createdAt: new Date(), isManagement: false });
    const real = store.guardrails;
    const counted = new Proxy(real, {
      get: (target, name) => {
        if (name === "get" || name === "getVersion" || name === "getWithVersion") reads[name]++;
        const value = Reflect.get(target, name) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    }) as GuardrailStore;
    const box = new EnvelopeSecretBox(rootKeyring(new RootKey(randomBytes(32))));
    control = new GuardrailControl({ store: counted, box, clock: fixedClock(new Date("2025-07-01T10:00:00.000Z")), region: "eu-west-2", validate: () => undefined, keys });
    const source = {
      forInference: async () => enforced.map((e) => ({ ...e, configId: "c1", selective: { system: "COMPREHENSIVE" as const, messages: "COMPREHENSIVE" as const } })),
    };
    // Wired as compose/guardrails.ts wires it.
    runtime = new GuardrailRuntime(control, engine, () => {}, source, async (accountId, arn) => (await control.target(arn, accountId)).tags);
  });
  after(async () => { await store?.close(); await fs.rm(dir, { recursive: true, force: true }); });

  const made = async (word: string): Promise<{ id: string; arn: string }> => {
    const id = control.newId();
    const { arn } = await control.create(ACCOUNT, id, { name: `g-${word}`, policies: policies(word), tags: [{ key: "team", value: "a" }] });
    await control.createVersion(await control.target(id, ACCOUNT), undefined);
    return { id, arn };
  };
  /** How many times `run` read the guardrail store (a guardrail's row, a version's, or both at once). */
  const counting = async (run: () => Promise<unknown>): Promise<number> => {
    const total = (): number => reads.get + reads.getVersion + reads.getWithVersion;
    const at = total();
    await run();
    return total() - at;
  };
  const guardedCall = async (ctx: RequestContext, identifier: string, version: string): Promise<void> => {
    const { request, enforced: enforcedSessions } = await runtime.open({ identifier, version }, "model", ctx);
    for (const s of [...(request ? [request] : []), ...enforcedSessions]) await s.input(conversation);
  };

  it("the rows authorisation read (tags and key) are what the same request's inference opens: one read of each", async () => {
    const { id, arn } = await made("one-read");
    const ctx = request();
    const authorising = await counting(async () => assert.deepEqual(await runtime.useOf(ACCOUNT, arn, "1", ctx), { tags: [{ key: "team", value: "a" }] }));
    assert.equal(authorising, 1, "the guardrail and its version in one read");
    evaluated.length = 0;
    // Named by id at inference and by ARN at authorisation: the same version.
    assert.deepEqual(await counting(() => guardedCall(ctx, id, "1")), 0);
    assert.deepEqual(evaluated, ["one-read"]);
    // ApplyGuardrail too.
    const apply = request();
    await runtime.useOf(ACCOUNT, arn, "DRAFT", apply);
    assert.deepEqual(await counting(() => runtime.apply(arn, "DRAFT", "INPUT", ["hello"], apply)), 0);
  });

  it("enforced guardrails: read once at authorisation, opened from that read", async () => {
    const { arn } = await made("enforced");
    enforced = [{ identifier: arn, version: "1" }];
    try {
      const ctx = request();
      assert.deepEqual(await counting(async () => assert.deepEqual(await runtime.enforcedFor(ACCOUNT, "model", ctx), [{ arn, tags: [{ key: "team", value: "a" }] }])), 1);
      evaluated.length = 0;
      assert.deepEqual(await counting(async () => { for (const s of (await runtime.open(undefined, "model", ctx)).enforced) await s.input(conversation); }), 0);
      assert.deepEqual(evaluated, ["enforced"]);
    } finally {
      enforced = [];
    }
  });

  it("another request reads afresh: a deleted version is not found, an edited DRAFT is the edit", async () => {
    const { id, arn } = await made("before-edit");
    await runtime.useOf(ACCOUNT, arn, "1", request());
    await control.delete(await control.target(id, ACCOUNT), "1");
    const next = request();
    await runtime.useOf(ACCOUNT, arn, "1", next);
    await assert.rejects(guardedCall(next, arn, "1"), (e) => e instanceof Fault && e.kind === "not-found");
    await assert.rejects(guardedCall(request(), arn, "1"), (e) => e instanceof Fault && e.kind === "not-found");

    const first = request();
    await runtime.useOf(ACCOUNT, arn, "DRAFT", first);
    evaluated.length = 0;
    await guardedCall(first, arn, "DRAFT");
    await control.update(await control.target(id, ACCOUNT), { name: "g-before-edit", policies: policies("after-edit") });
    const second = request();
    await runtime.useOf(ACCOUNT, arn, "DRAFT", second);
    await guardedCall(second, arn, "DRAFT");
    assert.deepEqual(evaluated, ["before-edit", "after-edit"]);
  });

  it("the rows serve the next requests for a second, and any change made here drops them at once", async () => {
    const { id, arn } = await made("kept");
    await runtime.useOf(ACCOUNT, arn, "1", request());
    // The next request, and the next: no read (the clock stands still here).
    assert.equal(await counting(async () => { const ctx = request(); await runtime.useOf(ACCOUNT, arn, "1", ctx); await guardedCall(ctx, arn, "1"); }), 0);
    // A tag changed (authorisation reads tags): the next request reads, and sees it.
    await control.tag(ACCOUNT, id, [{ key: "team", value: "b" }]);
    assert.equal(await counting(async () => assert.deepEqual(await runtime.useOf(ACCOUNT, arn, "1", request()), { tags: [{ key: "team", value: "b" }] })), 1);
    await control.untag(ACCOUNT, id, ["team"]);
    assert.deepEqual(await runtime.useOf(ACCOUNT, arn, "1", request()), { tags: [] });
    // A version made: the one kept for DRAFT stays right (the DRAFT did not change), version 2 is found.
    await runtime.useOf(ACCOUNT, arn, "DRAFT", request());
    await control.createVersion(await control.target(id, ACCOUNT), undefined);
    const two = request();
    await runtime.useOf(ACCOUNT, arn, "2", two);
    await guardedCall(two, arn, "2");
    // The guardrail deleted: not found on the very next request, whatever was kept.
    await control.delete(await control.target(id, ACCOUNT), undefined);
    for (const version of ["1", "2", "DRAFT"]) await assert.rejects(guardedCall(request(), arn, version), (e) => e instanceof Fault && e.kind === "not-found");
  });

  it("a name that finds nothing is read again every time (nothing kept for it)", async () => {
    const { arn } = await made("missing");
    assert.equal(await counting(async () => { await assert.rejects(guardedCall(request(), arn, "9"), (e) => e instanceof Fault && e.kind === "not-found"); }), 1);
    assert.equal(await counting(async () => { await assert.rejects(guardedCall(request(), arn, "9"), (e) => e instanceof Fault && e.kind === "not-found"); }), 1);
  });

  it("what was read for one version, guardrail or account is not used for another", async () => {
    const a = await made("alpha");
    const b = await made("beta");
    const ctx = request();
    await runtime.useOf(ACCOUNT, a.arn, "1", ctx);
    evaluated.length = 0;
    // Another version of the same guardrail, another guardrail: each read now.
    assert.deepEqual(await counting(() => guardedCall(ctx, a.arn, "DRAFT")), 1);
    assert.deepEqual(await counting(() => guardedCall(ctx, b.id, "1")), 1);
    assert.deepEqual(evaluated, ["alpha", "beta"]);
    // Another account naming the same id: what this account's request read does not answer it.
    const located = await control.locate(ACCOUNT, a.id, "1");
    await assert.rejects(control.resolveForInference("123456789012", a.id, "1", located), (e) => e instanceof Fault && e.kind === "not-found");
  });

  it("another account's guardrail, named by its ARN, is read from its owner, and opened only from what the request's authorisation read", async () => {
    const { id, arn } = await made("shared");
    const caller = "123456789012";
    // Not authorised in this request (no useOf): not found, rather than the owner's guardrail.
    await assert.rejects(guardedCall(request(caller), arn, "1"), (e) => e instanceof Fault && e.kind === "not-found");
    await assert.rejects(runtime.apply(arn, "1", "INPUT", ["hello"], request(caller)), (e) => e instanceof Fault && e.kind === "not-found");
    const ctx = request(caller);
    assert.deepEqual(await runtime.useOf(caller, arn, "1", ctx), { tags: [{ key: "team", value: "a" }] });
    evaluated.length = 0;
    await guardedCall(ctx, arn, "1");
    const applying = request(caller);
    await runtime.useOf(caller, arn, "DRAFT", applying);
    assert.equal((await runtime.apply(arn, "DRAFT", "INPUT", ["hello"], applying)).guardrail.arn, arn);
    assert.deepEqual(evaluated, ["shared", "shared"]);
    // The id alone names the caller's own guardrail, which it does not have.
    const byId = request(caller);
    await runtime.useOf(caller, id, "1", byId);
    await assert.rejects(guardedCall(byId, id, "1"), (e) => e instanceof Fault && e.kind === "not-found");
  });
});
